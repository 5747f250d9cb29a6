// ServiceAccount admission: every pod runs as a service account (`default`
// unless it names one), which must exist, and gets the projected API token
// volume mounted into each container.
import { forbidden } from '../errors';
import type { AdmissionPlugin } from '../apiserver';
import { freeze } from '../store';
import { isObject } from '../types';

const TOKEN_MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

export const serviceAccount: AdmissionPlugin = {
  name: 'ServiceAccount',
  admit(a) {
    if (a.operation !== 'CREATE' || a.type.group !== '' || a.type.kind !== 'Pod') return;
    const spec = a.object.spec;
    if (!isObject(spec)) return;
    if (a.object.metadata.annotations?.['kubernetes.io/config.mirror']) return;
    const name = typeof spec.serviceAccountName === 'string' && spec.serviceAccountName ? spec.serviceAccountName : typeof spec.serviceAccount === 'string' && spec.serviceAccount ? spec.serviceAccount : 'default';
    spec.serviceAccountName = name;
    spec.serviceAccount = name;
    const sa = a.api.tryGet('serviceaccounts', name, a.namespace);
    if (!sa) {
      throw forbidden('pods', a.name, `error looking up service account ${a.namespace}/${name}: serviceaccount "${name}" not found`);
    }
    // The pod's own automountServiceAccountToken wins over the ServiceAccount's (shouldAutomount).
    const automount = typeof spec.automountServiceAccountToken === 'boolean' ? spec.automountServiceAccountToken : sa.automountServiceAccountToken !== false;
    if (automount) mountToken(spec, () => `kube-api-access-${a.api.randomSuffix()}`);
    // A pod that names no pull secrets gets its ServiceAccount's.
    const pullSecrets = Array.isArray(sa.imagePullSecrets) ? sa.imagePullSecrets.filter(isObject) : [];
    if ((!Array.isArray(spec.imagePullSecrets) || spec.imagePullSecrets.length === 0) && pullSecrets.length) {
      spec.imagePullSecrets = pullSecrets.map((ref) => ({ name: ref.name }));
    }
  },
};

/** mountServiceAccountToken: every container without something at the token path mounts the volume; the volume is added only if one did. */
function mountToken(spec: Record<string, unknown>, newName: () => string): void {
  const volumes: unknown[] = Array.isArray(spec.volumes) ? spec.volumes : [];
  const existing: unknown = volumes.find((v) => isObject(v) && typeof v.name === 'string' && v.name.startsWith('kube-api-access-'));
  const volName = isObject(existing) ? String(existing.name) : newName();
  let needed = false;
  for (const list of ['initContainers', 'containers']) {
    const containers = spec[list];
    if (!Array.isArray(containers)) continue;
    for (const c of containers) {
      if (!isObject(c)) continue;
      const mounts: unknown[] = Array.isArray(c.volumeMounts) ? c.volumeMounts : [];
      if (mounts.some((m) => isObject(m) && m.mountPath === TOKEN_MOUNT)) continue;
      c.volumeMounts = [...mounts, { mountPath: TOKEN_MOUNT, name: volName, readOnly: true }];
      needed = true;
    }
  }
  if (needed && !existing) spec.volumes = [...volumes, tokenVolume(volName)];
}

/** The token projection is the same for every pod, and stored objects are never mutated: pods share one frozen copy. */
const TOKEN_PROJECTION = freeze({
  defaultMode: 420,
  sources: [
    { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
    { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
    { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
  ],
});

function tokenVolume(name: string): Record<string, unknown> {
  return { name, projected: TOKEN_PROJECTION };
}
