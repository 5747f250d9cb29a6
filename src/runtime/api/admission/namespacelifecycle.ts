// NamespaceLifecycle: content may only be created in a namespace that exists
// and is not being torn down; the built-in namespaces cannot be deleted.
import { forbidden, notFound, StatusError } from '../errors';
import type { AdmissionPlugin } from '../apiserver';
import { qualifiedResource } from '../resources';

const IMMORTAL = new Set(['default', 'kube-system', 'kube-public']);

export const namespaceLifecycle: AdmissionPlugin = {
  name: 'NamespaceLifecycle',
  admit(a) {
    if (a.operation !== 'CREATE' || !a.type.namespaced) return;
    // Access reviews are always allowed: a NotFound would reveal which namespaces exist.
    if (a.type.group === 'authorization.k8s.io' && a.type.resource === 'localsubjectaccessreviews') return;
    const ns = a.api.tryGet('namespaces', a.namespace);
    if (!ns) throw notFound('namespaces', a.namespace);
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(qualifiedResource(a.type), a.name, `unable to create new content in namespace ${a.namespace} because it is being terminated`);
    }
  },
  validate(a) {
    if (a.operation === 'DELETE' && a.type.kind === 'Namespace' && a.type.group === '' && IMMORTAL.has(a.name)) {
      throw new StatusError('Forbidden', `namespaces "${a.name}" is forbidden: this namespace may not be deleted`);
    }
  },
};
