// kubectl's wait-for-deletion (pkg/cmd/wait IsDeleted) as a Follow: it ends
// when every object is gone (or replaced by a new one with another uid),
// watching the apiserver as simulated time runs; --timeout gives up.
import type { ApiServer } from '../../runtime/api/apiserver';
import { typeName, type FoundObject } from '../objects';
import { goDuration } from '../drain';
import type { Follow } from '../types';

export interface Target {
  found: FoundObject;
  uid: string;
}

export function remaining(api: ApiServer, targets: readonly Target[]): Target[] {
  return targets.filter(({ found, uid }) => api.tryGet(typeName(found.type), found.object.metadata.name ?? '', found.object.metadata.namespace)?.metadata.uid === uid);
}

/** Undefined when nothing is left to wait for. `timeoutMs` 0 waits (practically) forever. */
export function waitForDeletion(api: ApiServer, targets: readonly Target[], timeoutMs: number): Follow | undefined {
  if (remaining(api, targets).length === 0) return undefined;
  return {
    start(write, done) {
      const watches = [...new Set(targets.map((t) => typeName(t.found.type)))].map((t) => api.watch(t, {}, check));
      let timer: number | undefined;
      let finished = false;
      const finish = (code: number): void => {
        if (finished) return;
        finished = true;
        watches.forEach((w) => w.stop());
        if (timer !== undefined) api.clock.cancelTimer(timer);
        done(code);
      };
      function check(): void {
        if (remaining(api, targets).length === 0) finish(0);
      }
      if (timeoutMs > 0) {
        timer = api.clock.setTimer(timeoutMs, () => {
          const left = remaining(api, targets);
          write({ stderr: left.map((t) => `error: timed out waiting for the condition on ${t.found.type.resource}${t.found.type.group ? `.${t.found.type.group}` : ''}/${t.found.object.metadata.name ?? ''}\n`).join('') });
          finish(1);
        });
      }
      check();
      return () => finish(130);
    },
  };
}

export { goDuration };
