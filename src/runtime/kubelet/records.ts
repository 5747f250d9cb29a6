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

export interface ContainerRecord {
  name: string;
  kind: ContainerKind;
  spec: Record<string, unknown>;
  /** The container machine's state value, e.g. `waiting.pulling`. */
  state: string;
  restartCount: number;
  image?: ImageInfo;
  waitingMessage?: string;
  containerID?: string;
  startedAt?: number;
  term?: Terminated;
  last?: Terminated;
  ready: boolean;
  started: boolean;
  program?: Program;
  ctx?: ShellContext;
  /** The one pending timer of the container itself (pull, exit, restart, kill deadline). */
  timer?: TimerId;
  probeTimers: TimerId[];
  probes?: ProbeCounters;
  crash?: BackoffEntry;
  pull?: BackoffEntry & { lastError: string };
  previousLogs?: LogLine[];
  /** Status fields fixed for a container instance (resources, user, volumeMounts), built once. */
  statusExtras?: Record<string, unknown>;
  /** The kubelet has begun this instance (image check, pull or start). */
  begun: boolean;
}

export interface ConditionRecord {
  status: string;
  time: string;
  generation?: number;
}

export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  pod: KubeObject;
  /** The pod machine's state value. */
  state: string;
  containers: ContainerRecord[];
  podIP?: string;
  startTime?: string;
  sandboxReady: boolean;
  /** Per condition type: the status last written and since when (lastTransitionTime). */
  conditions: Record<string, ConditionRecord | undefined>;
  timers: TimerId[];
  /** Simulated CPU load (millicores) from setLoad or the podsphere.io/cpu-load annotation. */
  load?: number;
  deleteRequested: boolean;
}

/** A loose JSON value as text, '' when it is not a string. */
export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
