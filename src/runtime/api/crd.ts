// CustomResourceDefinitions change what the apiserver serves: once a CRD is
// stored its kind can be created (in every served version), and when it is
// deleted the kind disappears again, as on a real cluster.
import type { ApiServer } from './apiserver';
import type { StoredEvent } from './store';
import { isObject, type KubeObject } from './types';

const CRD_RESOURCE = 'apiextensions.k8s.io/customresourcedefinitions';

export function serveCustomResources(api: ApiServer): () => void {
  return api.store.subscribe(
    (e: StoredEvent) => {
      if (e.previous) unregister(api, e.previous);
      if (e.type !== 'DELETED') register(api, e.object);
    },
    { resource: CRD_RESOURCE },
  );
}

function register(api: ApiServer, crd: KubeObject): void {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string') return;
  for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
    if (!isObject(v) || typeof v.name !== 'string' || v.served === false) continue;
    api.registry.add({
      group: spec.group,
      version: v.name,
      kind: names.kind,
      resource: names.plural,
      singular: typeof names.singular === 'string' ? names.singular : names.kind.toLowerCase(),
      namespaced: spec.scope !== 'Cluster',
      shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
      categories: Array.isArray(names.categories) ? names.categories.map(String) : [],
    });
  }
}

function unregister(api: ApiServer, crd: KubeObject): void {
  const spec = isObject(crd.spec) ? crd.spec : {};
  const names = isObject(spec.names) ? spec.names : {};
  if (typeof spec.group === 'string' && typeof names.plural === 'string') api.registry.remove(spec.group, names.plural);
}
