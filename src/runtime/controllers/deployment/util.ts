// Helpers the deployment controller shares between its strategies
// (pkg/controller/deployment/util/deployment_util.go): annotations, the
// rolling-update fenceposts, revisions, orderings and status conditions.
import { deepEqual } from '../../api/patch';
import { isObject, field, type KubeObject } from '../../api/types';
import { parseRFC3339 } from '../../clock';
import { replicasOf } from '../replicaset/base';

export const REVISION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
export const ROLLBACK_TO = 'deprecated.deployment.rollback.to';
export const HASH_LABEL = 'pod-template-hash';
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** Annotations of the deployment that are not copied onto its ReplicaSets. */
export const SKIP_COPY = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);
/** Longest revision-history annotation kept (maxRevHistoryLengthInChars). */
const MAX_REV_HISTORY_CHARS = 2000;
/** math.MaxInt32 progressDeadlineSeconds means "no deadline". */
const NO_DEADLINE = 2147483647;

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** DeploymentStatus as it is stored: zero counts are omitted (omitempty). */
export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

/** The controller's working copy of a Deployment: a mutable clone of the stored object. */
export interface Deployment extends KubeObject {
  spec: Record<string, unknown>;
  status: DeploymentStatus;
}

export const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
export const rsStatus = (rs: KubeObject, key: string): number => num(field(rs, 'status', key));

export function strategyType(d: Deployment): string {
  const t = field(d.spec, 'strategy', 'type');
  return typeof t === 'string' ? t : 'RollingUpdate';
}

export const isRollingUpdate = (d: Deployment): boolean => strategyType(d) === 'RollingUpdate';

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+%$/.test(v)) {
    const x = (parseInt(v, 10) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  return 0;
}

/** ResolveFenceposts: surge rounds up, unavailability down, and both zero would deadlock, so unavailable becomes 1. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, desired: number): [number, number] {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  let unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return [surge, unavailable];
}

function fenceposts(d: Deployment): [number, number] {
  const ru = field(d.spec, 'strategy', 'rollingUpdate');
  return resolveFenceposts(field(ru, 'maxSurge'), field(ru, 'maxUnavailable'), replicasOf(d));
}

export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d)[0] : 0;
}

export function maxUnavailable(d: Deployment): number {
  const replicas = replicasOf(d);
  if (!isRollingUpdate(d) || replicas === 0) return 0;
  return Math.min(fenceposts(d)[1], replicas);
}

export function hasProgressDeadline(d: Deployment): boolean {
  const p = d.spec.progressDeadlineSeconds;
  return typeof p === 'number' && p !== NO_DEADLINE;
}

export function progressDeadlineSeconds(d: Deployment): number {
  return num(d.spec.progressDeadlineSeconds);
}

export function hasRevisionHistoryLimit(d: Deployment): boolean {
  const l = d.spec.revisionHistoryLimit;
  return typeof l === 'number' && l !== NO_DEADLINE;
}

/** Revision of a ReplicaSet; a missing annotation is 0, a malformed one undefined. */
export function revision(obj: KubeObject): number | undefined {
  const v = obj.metadata.annotations?.[REVISION];
  if (v === undefined) return 0;
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

export function maxRevision(rss: KubeObject[]): number {
  let max = 0;
  for (const rs of rss) max = Math.max(max, revision(rs) ?? 0);
  return max;
}

export const activeReplicaSets = (rss: (KubeObject | undefined)[]): KubeObject[] => rss.filter((rs): rs is KubeObject => !!rs && replicasOf(rs) > 0);
export const specReplicaCount = (rss: (KubeObject | undefined)[]): number => rss.reduce((n, rs) => n + (rs ? replicasOf(rs) : 0), 0);
export const statusCount = (rss: (KubeObject | undefined)[], key: string): number => rss.reduce((n, rs) => n + (rs ? rsStatus(rs, key) : 0), 0);

const created = (o: KubeObject): number => parseRFC3339(o.metadata.creationTimestamp ?? '') ?? 0;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function byCreation(a: KubeObject, b: KubeObject): number {
  const d = created(a) - created(b);
  if (d !== 0) return d;
  const na = a.metadata.name ?? '';
  const nb = b.metadata.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first; equal sizes oldest first (scale-down order). */
export const bySizeOlder = (a: KubeObject, b: KubeObject): number => replicasOf(b) - replicasOf(a) || byCreation(a, b);
/** ReplicaSetsBySizeNewer: largest first; equal sizes newest first (scale-up order). */
export const bySizeNewer = (a: KubeObject, b: KubeObject): number => replicasOf(b) - replicasOf(a) || byCreation(b, a);
/** ReplicaSetsByRevision: oldest revision first. */
export const byRevision = (a: KubeObject, b: KubeObject): number => (revision(a) ?? 0) - (revision(b) ?? 0) || byCreation(a, b);

/** EqualIgnoreHash: two pod templates are the same apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return deepEqual(withoutHash(a), withoutHash(b));
}

function withoutHash(t: unknown): unknown {
  if (!isObject(t) || !isObject(t.metadata)) return t;
  const { [HASH_LABEL]: _hash, ...labels } = isObject(t.metadata.labels) ? t.metadata.labels : {};
  const metadata: Record<string, unknown> = { ...t.metadata, labels };
  // Semantic.DeepEqual treats an empty map like a missing one.
  if (Object.keys(labels).length === 0) delete metadata.labels;
  return { ...t, metadata };
}

/** FindNewReplicaSet: the oldest set whose template matches the deployment's. */
export function findNewReplicaSet(d: Deployment, rss: KubeObject[]): KubeObject | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(field(rs, 'spec', 'template'), d.spec.template));
}

export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  const changed = annotations[DESIRED_REPLICAS] !== String(desired) || annotations[MAX_REPLICAS] !== String(max);
  annotations[DESIRED_REPLICAS] = String(desired);
  annotations[MAX_REPLICAS] = String(max);
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const a = rs.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

export function annotationNumber(rs: KubeObject, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * SetNewReplicaSetAnnotations: copy the deployment's own annotations, raise
 * the revision, keep the revisions a reused set had before in
 * revision-history, and on creation record desired and max replicas.
 */
export function setNewReplicaSetAnnotations(d: Deployment, annotations: Record<string, string>, newRevision: number, exists: boolean): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (SKIP_COPY.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  const oldRevision = annotations[REVISION];
  if (oldRevision !== undefined && !/^-?\d+$/.test(oldRevision)) return false;
  const old = oldRevision === undefined ? 0 : Number(oldRevision);
  if (old < newRevision) {
    annotations[REVISION] = String(newRevision);
    changed = true;
    if (oldRevision !== undefined) appendRevisionHistory(annotations, oldRevision);
  }
  if (!exists && setReplicasAnnotations(annotations, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY] ?? '';
  if (history === '') {
    annotations[REVISION_HISTORY] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MAX_REV_HISTORY_CHARS && start < revisions.length) total -= revisions[start++].length + 1;
  if (total <= MAX_REV_HISTORY_CHARS) annotations[REVISION_HISTORY] = [...revisions.slice(start), oldRevision].join(',');
}

// ---- conditions ------------------------------------------------------------

export function newCondition(type: string, status: string, reason: string, message: string, now: string): DeploymentCondition {
  return { type, status, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

export function getCondition(status: DeploymentStatus, type: string): DeploymentCondition | undefined {
  return status.conditions?.find((c) => c.type === type);
}

/** SetDeploymentCondition: no-op for the same status and reason; keeps lastTransitionTime while the status holds. */
export function setCondition(status: DeploymentStatus, cond: DeploymentCondition): void {
  const current = getCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  const next = current && current.status === cond.status ? { ...cond, lastTransitionTime: current.lastTransitionTime } : cond;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), next];
}

export function removeCondition(status: DeploymentStatus, type: string): void {
  if (!status.conditions) return;
  status.conditions = status.conditions.filter((c) => c.type !== type);
  if (status.conditions.length === 0) delete status.conditions;
}

/** DeploymentComplete: every replica updated and available, and the latest spec observed. */
export function deploymentComplete(d: Deployment, s: DeploymentStatus): boolean {
  const r = replicasOf(d);
  return num(s.updatedReplicas) === r && num(s.replicas) === r && num(s.availableReplicas) === r && num(s.observedGeneration) >= (d.metadata.generation ?? 0);
}

/** DeploymentProgressing: more updated, ready or available replicas, or fewer old ones, than last time. */
export function deploymentProgressing(d: Deployment, s: DeploymentStatus): boolean {
  const old = d.status;
  const oldOld = num(old.replicas) - num(old.updatedReplicas);
  const newOld = num(s.replicas) - num(s.updatedReplicas);
  return (
    num(s.updatedReplicas) > num(old.updatedReplicas) ||
    newOld < oldOld ||
    num(s.readyReplicas) > num(old.readyReplicas) ||
    num(s.availableReplicas) > num(old.availableReplicas)
  );
}

/** DeploymentTimedOut: the Progressing condition was last updated longer ago than the deadline. */
export function deploymentTimedOut(d: Deployment, s: DeploymentStatus, nowMs: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const cond = getCondition(s, 'Progressing');
  if (!cond || cond.reason === 'NewReplicaSetAvailable') return false;
  if (cond.reason === 'ProgressDeadlineExceeded') return true;
  const from = parseRFC3339(cond.lastUpdateTime) ?? nowMs;
  return from + progressDeadlineSeconds(d) * 1000 < nowMs;
}
