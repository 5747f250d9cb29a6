// `kubectl rollout undo` for Deployments (kubectl pkg/polymorphichelpers/
// rollback.go). Since apps/v1 the rollback is client-side: kubectl copies the
// chosen revision's pod template (minus pod-template-hash) back into the
// Deployment with a JSON patch, and the controller then rolls forward to it,
// reusing the old ReplicaSet under a new revision number.
import type { ApiServer } from '../../api/apiserver';
import { deepClone, field, type KubeObject } from '../../api/types';
import { findNewReplicaSet, equalIgnoreHash, HASH_LABEL, revision, SKIP_COPY, type Deployment } from './util';

/** An error kubectl prints as `error: <message>`. */
export class RollbackError extends Error {
  override readonly name = 'RollbackError';
}

/**
 * Roll the Deployment back to toRevision (0 or omitted: the previous one).
 * Returns kubectl's operation text: `rolled back`, or
 * `skipped rollback (current template already matches revision N)`.
 */
export function rollbackDeployment(api: ApiServer, namespace: string, name: string, toRevision = 0): string {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const d = api.get('deployments', name, namespace);
  const target = revisionReplicaSet(api, d, toRevision);
  if (field(d, 'spec', 'paused') === true) {
    throw new RollbackError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  }
  const template = deepClone(field(target, 'spec', 'template')) as Record<string, unknown>;
  if (equalIgnoreHash(template, field(d, 'spec', 'template'))) return `skipped rollback (current template already matches revision ${toRevision})`;
  const labels = field(template, 'metadata', 'labels');
  if (labels && typeof labels === 'object') delete (labels as Record<string, unknown>)[HASH_LABEL];
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: rollbackAnnotations(d, target) },
  ];
  try {
    api.patch('deployments', name, patch, { namespace, patchType: 'json' });
  } catch (e) {
    throw new RollbackError(`failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return 'rolled back';
}

/** The deployment keeps its own bookkeeping annotations and takes every other annotation from the revision. */
function rollbackAnnotations(d: KubeObject, target: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of SKIP_COPY) {
    const v = d.metadata.annotations?.[k];
    if (v !== undefined) out[k] = v;
  }
  for (const [k, v] of Object.entries(target.metadata.annotations ?? {})) if (!SKIP_COPY.has(k)) out[k] = v;
  return out;
}

/** deploymentRevision: the set with that revision, or for 0 the second-newest revision. */
function revisionReplicaSet(api: ApiServer, d: KubeObject, toRevision: number): KubeObject {
  const owned = api.ownedBy('replicasets', d.metadata.uid ?? '');
  const newRS = findNewReplicaSet(d as Deployment, owned);
  const all = [...owned.filter((rs) => rs !== newRS), ...(newRS ? [newRS] : [])];
  let latest: { rs?: KubeObject; rev: number } = { rev: -1 };
  let previous: { rs?: KubeObject; rev: number } = { rev: -1 };
  for (const rs of all) {
    const v = revision(rs);
    if (v === undefined) continue;
    if (toRevision > 0) {
      if (v === toRevision) return rs;
    } else if (latest.rev < v) {
      previous = latest;
      latest = { rs, rev: v };
    } else if (previous.rev < v) previous = { rs, rev: v };
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous.rs) throw new RollbackError(`no rollout history found for deployment ${JSON.stringify(d.metadata.name ?? '')}`);
  return previous.rs;
}

function revisionNotFound(r: number): RollbackError {
  return new RollbackError(`unable to find specified revision ${r} in history`);
}
