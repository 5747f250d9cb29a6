// Which pod a `TYPE/NAME` argument means for logs, exec and port-forward, as
// kubectl's polymorphic helpers pick it: the object's label selector
// (SelectorsForObject), the matching pods sorted by preference, the first one.
import { isStatusError } from '../../runtime/api/errors';
import { fromLabelSelector, fromMap, type Selector } from '../../runtime/api/selectors';
import { asArray, field, isObject, type KubeObject } from '../../runtime/api/types';
import { isPodReady, podCondition } from '../../runtime/controllers/podutil';
import { parseRFC3339 } from '../../runtime/clock';
import type { ResourceType } from '../../runtime/api/resources';
import { KubectlError } from '../errors';
import { typeName } from '../objects';
import { resolveType } from '../resourceargs';
import type { KubectlEnv } from '../types';

export interface TargetObject {
  type: ResourceType;
  object: KubeObject;
}

/** The object an argument names: `web` is a pod, `deploy/web` a deployment. */
export function getTarget(env: KubectlEnv, arg: string, namespace: string): TargetObject {
  const slash = arg.indexOf('/');
  const type = slash < 0 ? resolveType(env, 'pods') : resolveType(env, arg.slice(0, slash));
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  if (name === '') throw new KubectlError('arguments in resource/name form must have a single resource and name');
  const object = env.cluster.api.get(typeName(type), name, type.namespaced ? namespace : undefined);
  return { type, object };
}

/** The Go type kubectl names in "cannot attach to *v1.ConfigMap". */
function goType(t: ResourceType): string {
  return `*${t.version}.${t.kind}`;
}

/** SelectorsForObject: the pods a workload or service stands for. */
export function selectorFor(target: TargetObject): Selector {
  const { type, object } = target;
  const spec = isObject(object.spec) ? object.spec : {};
  switch (type.kind) {
    case 'ReplicationController':
      return fromMap(spec.selector);
    case 'ReplicaSet':
    case 'Deployment':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
      return fromLabelSelector(spec.selector);
    case 'Service': {
      if (!isObject(spec.selector) || Object.keys(spec.selector).length === 0) {
        throw new Error(`invalid service '${object.metadata.name ?? ''}': Service is defined without a selector`);
      }
      return fromMap(spec.selector);
    }
  }
  throw new Error(`selector for ${goType(type)} not implemented`);
}

export type PodOrder = 'logging' | 'attach';

export interface PickedPod {
  pod: KubeObject;
  /** How many pods matched (logs says "Found N pods, using pod/x" when more than one). */
  count: number;
}

export function isPodType(t: ResourceType): boolean {
  return t.kind === 'Pod' && !t.group;
}

/** GetFirstPod: the best pod for logs (ByLogging) or for exec/port-forward (ActivePods reversed). */
export function firstPod(env: KubectlEnv, target: TargetObject, order: PodOrder, verb: string): PickedPod {
  if (isPodType(target.type)) return { pod: target.object, count: 1 };
  const pods = podsFor(env, target, order, verb);
  // kubectl would watch for a pod for --pod-running-timeout (20s); the sandbox answers at once.
  if (pods.length === 0) throw new KubectlError('timed out waiting for the condition');
  return { pod: pods[0], count: pods.length };
}

/** Every pod the object selects, best first. */
export function podsFor(env: KubectlEnv, target: TargetObject, order: PodOrder, verb: string): KubeObject[] {
  if (isPodType(target.type)) return [target.object];
  let selector: Selector;
  try {
    selector = selectorFor(target);
  } catch (e) {
    if (isStatusError(e)) throw e;
    throw new KubectlError(`${verb} ${goType(target.type)}: ${(e as Error).message}`);
  }
  const pods = env.cluster.api.list('pods', { namespace: target.object.metadata.namespace, labelSelector: selector }).items;
  return [...pods].sort(order === 'logging' ? (a, b) => byLogging(a, b) : (a, b) => byLogging(a, b, true));
}

const PHASE_RANK: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/**
 * podutils.ByLogging (and, with restartsFirst false, reversed ActivePods,
 * which differs only in preferring fewer restarts). Ties fall back to the
 * name so the choice is stable.
 */
function byLogging(a: KubeObject, b: KubeObject, fewerRestartsFirst = false): number {
  const na = str(field(a, 'spec', 'nodeName'));
  const nb = str(field(b, 'spec', 'nodeName'));
  if (na !== nb && (na === '' || nb === '')) return na !== '' ? -1 : 1;
  const pa = PHASE_RANK[str(field(a, 'status', 'phase'))] ?? 3;
  const pb = PHASE_RANK[str(field(b, 'status', 'phase'))] ?? 3;
  if (pa !== pb) return pa - pb;
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return ra ? -1 : 1;
  if (ra && rb) {
    const ta = readySince(a);
    const tb = readySince(b);
    if (ta !== tb) return ta - tb;
  }
  const ca = maxRestarts(a);
  const cb = maxRestarts(b);
  if (ca !== cb) return fewerRestartsFirst ? ca - cb : cb - ca;
  const ka = parseRFC3339(a.metadata.creationTimestamp ?? '') ?? Infinity;
  const kb = parseRFC3339(b.metadata.creationTimestamp ?? '') ?? Infinity;
  if (ka !== kb) return ka - kb;
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

function readySince(pod: KubeObject): number {
  return parseRFC3339(str(podCondition(pod, 'Ready')?.lastTransitionTime)) ?? Infinity;
}

function maxRestarts(pod: KubeObject): number {
  return Math.max(0, ...asArray(field(pod, 'status', 'containerStatuses')).filter(isObject).map((s) => Number(s.restartCount ?? 0)));
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `a, b, c (ephem), i (init)`: podcmd.AllContainerNames. */
export function allContainerNames(pod: KubeObject): string {
  const names = (key: string): string[] => asArray(field(pod, 'spec', key)).filter(isObject).map((c) => String(c.name));
  return [...names('containers'), ...names('ephemeralContainers').map((n) => `${n} (ephem)`), ...names('initContainers').map((n) => `${n} (init)`)].join(', ');
}

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

export function containerNames(pod: KubeObject, key: 'containers' | 'initContainers' | 'ephemeralContainers' = 'containers'): string[] {
  return asArray(field(pod, 'spec', key)).filter(isObject).map((c) => String(c.name));
}

export function hasContainer(pod: KubeObject, name: string): boolean {
  return [...containerNames(pod), ...containerNames(pod, 'initContainers'), ...containerNames(pod, 'ephemeralContainers')].includes(name);
}
