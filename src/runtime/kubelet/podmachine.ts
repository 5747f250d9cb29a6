// A pod's lifecycle in the kubelet's pod workers (pod_workers.go): admitted,
// sandbox being created, syncing (containers run per restart policy),
// terminating (deletion: containers stopped within the grace period),
// terminated (phase Succeeded/Failed, sandbox gone), removed. A powered-off
// node leaves its pods `down` until the kubelet comes back.
import { setup } from 'xstate';
import { PureMachine } from './machine';

export type PodEvent = 'CREATE_SANDBOX' | 'SANDBOX_READY' | 'COMPLETE' | 'DELETE' | 'STOPPED' | 'REMOVE' | 'REJECT' | 'POWER_OFF' | 'POWER_ON';

const noop = (): void => undefined;

export const podMachine = setup({
  types: { events: {} as { type: PodEvent } },
  actions: {
    allocateIP: noop,
    startContainers: noop,
    stopContainers: noop,
    releaseIP: noop,
    finishDeletion: noop,
    recordSandboxChanged: noop,
    forget: noop,
  },
}).createMachine({
  id: 'pod',
  initial: 'admitted',
  states: {
    admitted: { on: { CREATE_SANDBOX: 'sandboxCreating', REJECT: 'terminated', DELETE: { target: 'terminated', actions: 'finishDeletion' }, POWER_OFF: 'down' } },
    sandboxCreating: {
      on: {
        SANDBOX_READY: { target: 'syncing', actions: ['allocateIP', 'startContainers'] },
        DELETE: { target: 'terminating', actions: 'stopContainers' },
        POWER_OFF: 'down',
      },
    },
    syncing: {
      on: {
        DELETE: { target: 'terminating', actions: 'stopContainers' },
        COMPLETE: { target: 'terminated', actions: 'releaseIP' },
        POWER_OFF: 'down',
      },
    },
    terminating: { on: { STOPPED: { target: 'terminated', actions: ['releaseIP', 'finishDeletion'] }, POWER_OFF: 'down' } },
    terminated: { on: { DELETE: { target: 'terminated', actions: 'finishDeletion' } } },
    down: {
      on: {
        POWER_ON: { target: 'sandboxCreating', actions: 'recordSandboxChanged' },
        DELETE: { target: 'terminated', actions: ['releaseIP', 'finishDeletion'] },
      },
    },
    removed: { type: 'final' },
  },
  on: { REMOVE: { target: '.removed', actions: ['releaseIP', 'forget'] } },
});

export const podSteps = new PureMachine<PodEvent>(podMachine);
