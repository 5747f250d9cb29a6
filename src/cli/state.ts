// The `podsphere` state file: not a snapshot of the store but a replay
// journal — the seed, the cluster spec and every action since `reset`. The
// runtime is deterministic, so replaying the journal on a fresh cluster gives
// back exactly the same cluster (names, IPs, timestamps). Files and standard
// input a command read are captured in its entry, so a replay never depends
// on the disk as it is now.
import type { ClusterSpec } from '../runtime/cluster';

export const STATE_FORMAT = 'podsphere-state';
export const STATE_VERSION = 1;

export interface KubectlEntry {
  kubectl: string[];
  /** Standard input the command read (`-f -`). */
  stdin?: string;
  /** Files read with -f, by the path as given. */
  files?: Record<string, string>;
  /** Paths that failed to read, with the error the command saw. */
  missing?: Record<string, string>;
  /** Directories listed for `-f DIR`. */
  dirs?: Record<string, string[]>;
  /** A follow command (`get -w`, `rollout status`, `drain`): how much simulated time it ran for. */
  followMs?: number;
  /** Lines fed to an interactive `exec -it … sh`. */
  session?: string[];
}

export type JournalEntry =
  | KubectlEntry
  | { advance: number }
  | { settle: true }
  | { host: { action: 'poweroff' | 'poweron'; name: string } }
  | { trace: { from: string; to: string } };

export type StoredClusterSpec = Omit<ClusterSpec, 'seed'>;

export interface State {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  seed: number;
  clusterSpec: StoredClusterSpec;
  journal: JournalEntry[];
}

/** A state file that cannot be used: the CLI prints the message and exits 2, never resetting silently. */
export class StateError extends Error {}

export function freshState(seed = 1, clusterSpec: StoredClusterSpec = {}): State {
  return { format: STATE_FORMAT, version: STATE_VERSION, seed, clusterSpec, journal: [] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isStringMap = (v: unknown): boolean => isRecord(v) && Object.values(v).every((s) => typeof s === 'string');
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function isKubectlEntry(e: Record<string, unknown>): boolean {
  return (
    isStringArray(e.kubectl) &&
    (e.stdin === undefined || typeof e.stdin === 'string') &&
    (e.files === undefined || isStringMap(e.files)) &&
    (e.missing === undefined || isStringMap(e.missing)) &&
    (e.dirs === undefined || (isRecord(e.dirs) && Object.values(e.dirs).every(isStringArray))) &&
    (e.followMs === undefined || isCount(e.followMs)) &&
    (e.session === undefined || isStringArray(e.session))
  );
}

function isEntry(e: unknown): e is JournalEntry {
  if (!isRecord(e)) return false;
  if ('kubectl' in e) return isKubectlEntry(e);
  if ('advance' in e) return isCount(e.advance);
  if ('settle' in e) return e.settle === true;
  if ('host' in e) return isRecord(e.host) && (e.host.action === 'poweroff' || e.host.action === 'poweron') && typeof e.host.name === 'string';
  if ('trace' in e) return isRecord(e.trace) && typeof e.trace.from === 'string' && typeof e.trace.to === 'string';
  return false;
}

/** Parse and check a state file's text; throws StateError saying what is wrong. */
export function parseState(text: string, path: string): State {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new StateError(`${path} is not valid JSON (${e instanceof Error ? e.message : String(e)}): the state file is corrupt`);
  }
  if (!isRecord(data) || data.format !== STATE_FORMAT) {
    throw new StateError(`${path} is not a podsphere state file (it has no "format": "${STATE_FORMAT}")`);
  }
  if (typeof data.version !== 'number' || !Number.isInteger(data.version) || data.version < 1) {
    throw new StateError(`${path} is corrupt: "version" must be a whole number, found ${JSON.stringify(data.version)}`);
  }
  if (data.version > STATE_VERSION) {
    throw new StateError(`${path} was written by a newer podsphere (state version ${data.version}; this one reads version ${STATE_VERSION})`);
  }
  if (typeof data.seed !== 'number' || !Number.isInteger(data.seed)) throw new StateError(`${path} is corrupt: "seed" must be a whole number`);
  if (!isRecord(data.clusterSpec)) throw new StateError(`${path} is corrupt: "clusterSpec" must be an object`);
  if (!Array.isArray(data.journal)) throw new StateError(`${path} is corrupt: "journal" must be a list`);
  const bad = data.journal.findIndex((e) => !isEntry(e));
  if (bad >= 0) throw new StateError(`${path} is corrupt: journal entry ${bad + 1} is not a podsphere journal entry: ${JSON.stringify(data.journal[bad]).slice(0, 120)}`);
  return data as unknown as State;
}

export function serialiseState(state: State): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}
