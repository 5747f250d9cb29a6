// `podsphere reset --cluster spec.yaml`: the cluster a lesson starts from.
// The file is a YAML mapping of createCluster()'s options:
//
//   seed: 7
//   startTime: 2026-01-01T00:00:00Z
//   serviceCIDR: 10.96.0.0/12
//   nodes:
//     - { name: control-plane, role: control-plane, cpu: "2", memory: 4Gi }
//     - { name: esx-01, role: worker, cpu: "8", memory: 32Gi, zone: rack-a }
import { load } from 'js-yaml';
import { parseRFC3339 } from '../runtime/clock';
import type { NodeSpec } from '../runtime/cluster';
import type { StoredClusterSpec } from './state';

export class SpecError extends Error {}

const NODE_KEYS = new Set(['name', 'role', 'cpu', 'memory', 'pods', 'ephemeralStorage', 'zone', 'labels', 'taints']);
const SPEC_KEYS = new Set(['seed', 'startTime', 'serviceCIDR', 'nodes']);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseClusterSpec(text: string, path: string): { seed?: number; spec: StoredClusterSpec } {
  let data: unknown;
  try {
    data = load(text);
  } catch (e) {
    throw new SpecError(`${path}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  }
  if (data === undefined || data === null) return { spec: {} };
  if (!isRecord(data)) throw new SpecError(`${path}: a cluster spec is a mapping (seed, startTime, serviceCIDR, nodes)`);
  const unknown = Object.keys(data).filter((k) => !SPEC_KEYS.has(k));
  if (unknown.length) throw new SpecError(`${path}: unknown field ${JSON.stringify(unknown[0])} (known: ${[...SPEC_KEYS].join(', ')})`);
  const spec: StoredClusterSpec = {};
  let seed: number | undefined;
  if (data.seed !== undefined) {
    if (typeof data.seed !== 'number' || !Number.isInteger(data.seed)) throw new SpecError(`${path}: seed must be a whole number`);
    seed = data.seed;
  }
  if (data.startTime !== undefined) spec.startTime = startTime(data.startTime, path);
  if (data.serviceCIDR !== undefined) {
    if (typeof data.serviceCIDR !== 'string' || !/^\d+\.\d+\.\d+\.\d+\/\d+$/.test(data.serviceCIDR)) throw new SpecError(`${path}: serviceCIDR must be an IPv4 CIDR such as 10.96.0.0/12`);
    spec.serviceCIDR = data.serviceCIDR;
  }
  if (data.nodes !== undefined) spec.nodes = nodes(data.nodes, path);
  return { seed, spec };
}

function startTime(v: unknown, path: string): number {
  // js-yaml reads an unquoted timestamp as a Date.
  const ms = v instanceof Date ? v.getTime() : typeof v === 'string' ? parseRFC3339(v) : typeof v === 'number' ? v : undefined;
  if (ms === undefined || !Number.isFinite(ms)) throw new SpecError(`${path}: startTime must be an RFC 3339 time such as 2026-01-01T00:00:00Z`);
  return ms;
}

function nodes(v: unknown, path: string): NodeSpec[] {
  if (!Array.isArray(v) || v.length === 0) throw new SpecError(`${path}: nodes must be a non-empty list`);
  const seen = new Set<string>();
  return v.map((n, i) => {
    const where = `${path}: nodes[${i}]`;
    if (!isRecord(n)) throw new SpecError(`${where} must be a mapping`);
    const extra = Object.keys(n).find((k) => !NODE_KEYS.has(k));
    if (extra) throw new SpecError(`${where}: unknown field ${JSON.stringify(extra)}`);
    if (typeof n.name !== 'string' || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n.name)) throw new SpecError(`${where}: name must be a DNS label`);
    if (seen.has(n.name)) throw new SpecError(`${where}: duplicate node name ${JSON.stringify(n.name)}`);
    seen.add(n.name);
    if (n.role !== 'control-plane' && n.role !== 'worker') throw new SpecError(`${where}: role must be control-plane or worker`);
    for (const k of ['cpu', 'memory', 'ephemeralStorage', 'zone'] as const) {
      if (n[k] !== undefined && typeof n[k] !== 'string' && typeof n[k] !== 'number') throw new SpecError(`${where}: ${k} must be a quantity string`);
      if (typeof n[k] === 'number') n[k] = String(n[k]);
    }
    if (n.pods !== undefined && (typeof n.pods !== 'number' || !Number.isInteger(n.pods))) throw new SpecError(`${where}: pods must be a whole number`);
    return n as unknown as NodeSpec;
  });
}
