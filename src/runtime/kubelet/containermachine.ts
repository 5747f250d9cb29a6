// One container's lifecycle as the kubelet's runtime manager drives it
// (kuberuntime_container.go, images/image_manager.go): waiting (creating,
// pulling, ErrImagePull, ImagePullBackOff, CrashLoopBackOff), running,
// stopping after SIGTERM, terminated. Transitions name the events the kubelet
// records; the kubelet performs them with the container's details.
import { setup } from 'xstate';
import { PureMachine } from './machine';

export type ContainerEvent =
  | 'PULL'
  | 'PULLED'
  | 'PULL_FAILED'
  | 'PULL_BACKOFF'
  | 'RETRY_PULL'
  | 'NEVER_PULL'
  | 'INVALID_IMAGE'
  | 'PRESENT'
  | 'START'
  | 'START_FAILED'
  | 'KILL'
  | 'EXIT'
  | 'CRASH_BACKOFF'
  | 'RESTART'
  | 'ABANDON'
  | 'NODE_LOST';

const noop = (): void => undefined;

export const containerMachine = setup({
  types: { events: {} as { type: ContainerEvent } },
  actions: {
    recordPulling: noop,
    recordPulled: noop,
    recordPresent: noop,
    recordPullFailed: noop,
    recordPullBackOff: noop,
    recordNeverPull: noop,
    recordInspectFailed: noop,
    recordCreated: noop,
    recordStarted: noop,
    recordStartFailed: noop,
    recordKilling: noop,
    recordBackOff: noop,
    newInstance: noop,
  },
}).createMachine({
  id: 'container',
  initial: 'waiting',
  states: {
    waiting: {
      initial: 'creating',
      states: {
        creating: {
          on: {
            PULL: { target: 'pulling', actions: 'recordPulling' },
            PRESENT: { target: 'creating', actions: 'recordPresent' },
            NEVER_PULL: { target: 'errImageNeverPull', actions: 'recordNeverPull' },
            INVALID_IMAGE: { target: 'invalidImageName', actions: 'recordInspectFailed' },
            PULL_BACKOFF: { target: 'imagePullBackOff', actions: 'recordPullBackOff' },
          },
        },
        pulling: {
          on: {
            PULLED: { target: 'creating', actions: 'recordPulled' },
            PULL_FAILED: { target: 'errImagePull', actions: 'recordPullFailed' },
          },
        },
        errImagePull: { on: { PULL_BACKOFF: { target: 'imagePullBackOff', actions: 'recordPullBackOff' }, RETRY_PULL: { target: 'pulling', actions: 'recordPulling' } } },
        imagePullBackOff: { on: { RETRY_PULL: { target: 'pulling', actions: 'recordPulling' }, PULL_BACKOFF: { target: 'imagePullBackOff', actions: 'recordPullBackOff' } } },
        errImageNeverPull: {},
        invalidImageName: {},
        crashLoopBackOff: {
          on: {
            RESTART: { target: 'creating', actions: 'newInstance' },
            CRASH_BACKOFF: { target: 'crashLoopBackOff', actions: 'recordBackOff' },
          },
        },
      },
      on: {
        START: { target: 'running', actions: ['recordCreated', 'recordStarted'] },
        START_FAILED: { target: 'terminated', actions: ['recordCreated', 'recordStartFailed'] },
        ABANDON: 'terminated',
        NODE_LOST: '.creating',
      },
    },
    running: {
      initial: 'up',
      states: {
        up: { on: { KILL: { target: 'stopping', actions: 'recordKilling' } } },
        stopping: {},
      },
      on: { EXIT: 'terminated', NODE_LOST: '#container.waiting.creating' },
    },
    terminated: {
      on: {
        RESTART: { target: 'waiting.creating', actions: 'newInstance' },
        CRASH_BACKOFF: { target: 'waiting.crashLoopBackOff', actions: 'recordBackOff' },
        NODE_LOST: 'waiting.creating',
      },
    },
  },
});

export const containerSteps = new PureMachine<ContainerEvent>(containerMachine);

/** The waiting reason each waiting sub-state shows in containerStatuses. */
export const WAITING_REASONS: Record<string, string> = {
  'waiting.pulling': 'ContainerCreating',
  'waiting.errImagePull': 'ErrImagePull',
  'waiting.imagePullBackOff': 'ImagePullBackOff',
  'waiting.errImageNeverPull': 'ErrImageNeverPull',
  'waiting.invalidImageName': 'InvalidImageName',
  'waiting.crashLoopBackOff': 'CrashLoopBackOff',
};
