// Pure stepping of xstate machines without live actors. A cluster holds
// hundreds of thousands of containers; an idle actor costs ~4 KB and a
// transition ~30 µs, so the kubelet keeps only each machine's state value (a
// short string such as `waiting.pulling`) and asks xstate once per distinct
// (state, event) pair. The machines carry no context, so that answer, and the
// named actions it lists, is the same every time and can be cached.
import { transition, initialTransition, type AnyStateMachine } from 'xstate';

export interface Step {
  next: string;
  /** Names of the actions the transition runs, in order; the kubelet performs them. */
  actions: string[];
  /** False when the event is not handled in that state (no transition). */
  changed: boolean;
}

export class PureMachine<E extends string> {
  readonly initial: string;
  /** state → event → step: looked up on every pod and container event, without building a key. */
  private cache = new Map<string, Map<string, Step>>();

  constructor(private readonly machine: AnyStateMachine) {
    this.initial = valueToString(initialTransition(machine)[0].value);
  }

  step(state: string, event: E): Step {
    let byEvent = this.cache.get(state);
    if (!byEvent) this.cache.set(state, (byEvent = new Map<string, Step>()));
    let s = byEvent.get(event);
    if (!s) {
      const snapshot = this.machine.resolveState({ value: stringToValue(state), context: undefined });
      const [next, actions] = transition(this.machine, snapshot, { type: event });
      const value = valueToString(next.value);
      const names = actions.map((a) => a.type).filter((t) => !t.startsWith('xstate.'));
      s = { next: value, actions: names, changed: value !== state || names.length > 0 };
      byEvent.set(event, s);
    }
    return s;
  }

  /** Whether `state` is `parent` or one of its children (`waiting` matches `waiting.pulling`). */
  static within(state: string, parent: string): boolean {
    return state === parent || state.startsWith(`${parent}.`);
  }
}

type Value = string | { [k: string]: Value };

function valueToString(v: unknown): string {
  if (typeof v === 'string') return v;
  const [k, child] = Object.entries(v as Record<string, unknown>)[0];
  return `${k}.${valueToString(child)}`;
}

function stringToValue(s: string): Value {
  const i = s.indexOf('.');
  return i < 0 ? s : { [s.slice(0, i)]: stringToValue(s.slice(i + 1)) };
}
