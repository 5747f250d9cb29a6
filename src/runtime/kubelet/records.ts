// What a kubelet remembers per pod and per container between syncs: the
// machine state values, the runtime facts (ids, times, exit codes), back-off
// entries and probe counters. Small on purpose: a node may hold hundreds of
// pods and a cluster hundreds of thousands.
import type { KubeObject } from '../api/types';
import type { TimerId } from '../clock';
import type { ImageInfo } from './images';
import type { LogLine } from './process';
import type { Program, ShellContext } from './shell';

export type ContainerKind = 'init' | 'sidecar' | 'main';

export interface Terminated {
  exitCode: number;
  reason: string;
  message?: string;
  signal?: number;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

/** flowcontrol.Backoff's per-item entry. */
export interface BackoffEntry {
  backoff: number;
  lastUpdate: number;
}

export interface ProbeCounters {
  failures: Record<'liveness' | 'readiness' | 'startup', number>;
  successes: Record<'liveness' | 'readiness' | 'startup', number>;
}

/** The pod conditions the kubelet owns, in the order its status lists them. */
export const CONDITION_TYPES = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'] as const;

/** No kubelet-owned condition written yet. */
export const NO_CONDITIONS: readonly (string | undefined)[] = Object.freeze([undefined, undefined, undefined, undefined, undefined]);

/**
 * Classes rather than literals: every record gets all its fields at
 * construction, so a node's records share one compact shape instead of
 * growing property stores as fields are first set.
 */
/** What only failing, restarted, probed or exec'd containers use: allocated on the first write. */
class ContainerRare {
  waitingMessage?: string;
  term?: Terminated;
  last?: Terminated;
  ctx?: ShellContext;
  /** Pending probe timers; undefined when none. */
  probeTimers?: TimerId[];
  probes?: ProbeCounters;
  crash?: BackoffEntry;
  pull?: BackoffEntry & { lastError: string };
  previousLogs?: LogLine[];
}

export class ContainerRecord {
  readonly name: string;
  /** The container machine's state value, e.g. `waiting.pulling`. */
  state: string;
  restartCount = 0;
  image?: ImageInfo;
  containerID?: string;
  startedAt?: number;
  ready = false;
  started = false;
  program?: Program;
  /** The one pending timer of the container itself (pull, exit, restart, kill deadline). */
  timer?: TimerId;
  /** The kubelet has begun this instance (image check, pull or start). */
  begun = false;
  /** A steadily running container never needs these fields: they live apart, behind the accessors below. */
  private rare?: ContainerRare;

  constructor(
    readonly spec: Record<string, unknown>,
    readonly kind: ContainerKind,
    initial: string,
  ) {
    this.name = String(spec.name);
    this.state = initial;
  }

  get waitingMessage(): string | undefined {
    return this.rare?.waitingMessage;
  }
  set waitingMessage(v: string | undefined) {
    if (v !== undefined || this.rare) this.more().waitingMessage = v;
  }
  get term(): Terminated | undefined {
    return this.rare?.term;
  }
  set term(v: Terminated | undefined) {
    if (v !== undefined || this.rare) this.more().term = v;
  }
  get last(): Terminated | undefined {
    return this.rare?.last;
  }
  set last(v: Terminated | undefined) {
    if (v !== undefined || this.rare) this.more().last = v;
  }
  get ctx(): ShellContext | undefined {
    return this.rare?.ctx;
  }
  set ctx(v: ShellContext | undefined) {
    if (v !== undefined || this.rare) this.more().ctx = v;
  }
  get probeTimers(): TimerId[] | undefined {
    return this.rare?.probeTimers;
  }
  set probeTimers(v: TimerId[] | undefined) {
    if (v !== undefined || this.rare) this.more().probeTimers = v;
  }
  get probes(): ProbeCounters | undefined {
    return this.rare?.probes;
  }
  set probes(v: ProbeCounters | undefined) {
    if (v !== undefined || this.rare) this.more().probes = v;
  }
  get crash(): BackoffEntry | undefined {
    return this.rare?.crash;
  }
  set crash(v: BackoffEntry | undefined) {
    if (v !== undefined || this.rare) this.more().crash = v;
  }
  get pull(): BackoffEntry & { lastError: string } | undefined {
    return this.rare?.pull;
  }
  set pull(v: BackoffEntry & { lastError: string } | undefined) {
    if (v !== undefined || this.rare) this.more().pull = v;
  }
  get previousLogs(): LogLine[] | undefined {
    return this.rare?.previousLogs;
  }
  set previousLogs(v: LogLine[] | undefined) {
    if (v !== undefined || this.rare) this.more().previousLogs = v;
  }

  private more(): ContainerRare {
    return (this.rare ??= new ContainerRare());
  }
}

export class PodRecord {
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  containers: ContainerRecord[] = [];
  podIP?: string;
  startTime?: string;
  sandboxReady = false;
  /**
   * Per CONDITION_TYPES entry: since when its last written status holds
   * (lastTransitionTime). Frozen and shared: pods that changed in the same
   * seconds hold the same tuple (podstatus.ts replaces it on a change).
   */
  conditionSince: readonly (string | undefined)[] = NO_CONDITIONS;
  /** Bit i set: CONDITION_TYPES[i] was last written True (the kubelet only writes True or False). */
  conditionTrue = 0;
  /** Pending pod-level timers (sandbox creation); undefined when none. */
  timers?: TimerId[];
  /** Simulated CPU load (millicores) from setLoad or the podsphere.io/cpu-load annotation. */
  load?: number;
  deleteRequested = false;

  constructor(
    public pod: KubeObject,
    /** The pod machine's state value. */
    public state: string,
  ) {
    this.uid = pod.metadata.uid ?? '';
    this.namespace = pod.metadata.namespace ?? 'default';
    this.name = pod.metadata.name ?? '';
  }
}

/** A loose JSON value as text, '' when it is not a string. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
