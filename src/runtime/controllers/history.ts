// ControllerRevisions: the immutable snapshots of a pod template that
// DaemonSets and StatefulSets roll between (pkg/controller/history and the
// revision code of both controllers). A revision's data is the strategic
// merge patch that puts its template back: {spec: {template: {…, $patch: replace}}}.
import type { ApiServer } from '../api/apiserver';
import { isStatusError } from '../api/errors';
import { deepEqual } from '../api/patch';
import { isObject, type KubeObject } from '../api/types';
import { newControllerRef } from './podutil';
import { templateLabels, templateOf } from './podtemplate';

export const REVISION_HASH_LABEL = 'controller-revision-hash';

const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';
const encoder = new TextEncoder();

/** hash/fnv New32 (FNV-1) or New32a (FNV-1a) over the UTF-8 bytes of s. */
export function fnv32(s: string, variant: '1' | '1a' = '1a'): number {
  let h = 0x811c9dc5;
  for (const b of encoder.encode(s)) {
    if (variant === '1a') h = Math.imul(h ^ b, 0x01000193) >>> 0;
    else h = (Math.imul(h, 0x01000193) ^ b) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character mapped onto an alphabet without vowels, so hashes never spell words. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += ALPHANUMS[(ch.codePointAt(0) ?? 0) % ALPHANUMS.length];
  return out;
}

/** encoding/json's Marshal of a map: keys sorted, HTML-sensitive characters escaped. */
export function goJSON(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(goJSON).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${goString(k)}:${goJSON(v[k])}`).join(',')}}`;
  }
  if (typeof v === 'string') return goString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return 'null';
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The revision data both controllers store: a patch that replaces spec.template. */
export function templatePatch(owner: KubeObject): Record<string, unknown> {
  return { spec: { template: { ...templateOf(owner), $patch: 'replace' } } };
}

/** history.HashControllerRevision: FNV-1 over the raw data, then the collision count. */
export function hashRevisionData(data: unknown, collisionCount: number | undefined): string {
  const raw = goJSON(data) + (collisionCount === undefined ? '' : String(collisionCount));
  return safeEncodeString(String(fnv32(raw, '1')));
}

/** history.ControllerRevisionName: the prefix is cut so the name stays a valid DNS subdomain. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.length > 223 ? prefix.slice(0, 223) : prefix}-${hash}`;
}

export function revisionNumber(rev: KubeObject): number {
  return typeof rev.revision === 'number' ? rev.revision : 0;
}

/** Revisions owned by the workload, oldest first (history.SortControllerRevisions). */
export function ownedRevisions(api: ApiServer, owner: KubeObject): KubeObject[] {
  return api
    .ownedBy('controllerrevisions', owner.metadata.uid ?? '')
    .sort((a, b) => revisionNumber(a) - revisionNumber(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
}

export interface RevisionResult {
  revision: KubeObject;
  collisionCount: number;
}

/**
 * Find or create the revision for the owner's current template: an equal
 * revision is reused (and renumbered to the newest when it was an older one —
 * a rollback); otherwise a new one is created, bumping collisionCount while
 * its name is taken by a revision with other data.
 */
export function ensureRevision(
  api: ApiServer,
  owner: KubeObject,
  revisions: KubeObject[],
  collisionCount: number,
  hashOf: (data: unknown, collisionCount: number) => string,
): RevisionResult {
  const data = templatePatch(owner);
  const next = revisions.length ? revisionNumber(revisions[revisions.length - 1]) + 1 : 1;
  const equal = revisions.filter((r) => deepEqual(r.data, data));
  const latestEqual = equal[equal.length - 1];
  if (latestEqual && latestEqual === revisions[revisions.length - 1]) return { revision: latestEqual, collisionCount };
  if (latestEqual) return { revision: api.update({ ...latestEqual, revision: next }, { trusted: true }), collisionCount };
  for (let count = collisionCount; ; count++) {
    const hash = hashOf(data, count);
    const name = revisionName(owner.metadata.name ?? '', hash);
    try {
      return { revision: api.create(newRevision(owner, name, hash, data, next), { trusted: true }), collisionCount: count };
    } catch (e) {
      if (!isStatusError(e) || e.reason !== 'AlreadyExists') throw e;
      const existing = api.tryGet('controllerrevisions', name, owner.metadata.namespace);
      if (existing && deepEqual(existing.data, data) && existing.metadata.ownerReferences?.some((r) => r.uid === owner.metadata.uid)) {
        return { revision: existing, collisionCount: count };
      }
    }
  }
}

function newRevision(owner: KubeObject, name: string, hash: string, data: unknown, revision: number): KubeObject {
  const annotations = owner.metadata.annotations;
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name,
      namespace: owner.metadata.namespace,
      labels: { ...templateLabels(templateOf(owner)), [REVISION_HASH_LABEL]: hash },
      ...(annotations && Object.keys(annotations).length ? { annotations: { ...annotations } } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    data,
    revision,
  };
}

/** Delete the oldest revisions nothing uses any more, keeping `limit` of them. */
export function truncateHistory(api: ApiServer, revisions: KubeObject[], isLive: (rev: KubeObject) => boolean, limit: number): void {
  const old = revisions.filter((r) => !isLive(r));
  for (const rev of old.slice(0, Math.max(0, old.length - limit))) {
    try {
      api.delete('controllerrevisions', rev.metadata.name ?? '', { namespace: rev.metadata.namespace });
    } catch (e) {
      if (!isStatusError(e) || e.reason !== 'NotFound') throw e;
    }
  }
}

/** Pod template of a revision (the patch's template without its `$patch` directive). */
export function revisionTemplate(rev: KubeObject): Record<string, unknown> {
  const spec = isObject(rev.data) && isObject(rev.data.spec) ? rev.data.spec : {};
  const { $patch: _p, ...template } = isObject(spec.template) ? spec.template : {};
  return template;
}
