// Fetch what resource arguments name, as kubectl's resource builder does:
// named objects one by one (a missing one is an error that does not stop the
// others), whole types by list with label and field selectors.
import type { ResourceType } from '../runtime/api/resources';
import type { KubeObject } from '../runtime/api/types';
import { KubectlError } from './errors';
import type { ResourceRef } from './resourceargs';
import type { KubectlEnv } from './types';

export interface FoundObject {
  type: ResourceType;
  object: KubeObject;
}

export interface FetchOptions {
  namespace: string;
  allNamespaces?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
}

export interface FetchResult {
  found: FoundObject[];
  /** StatusErrors for names that were not found, in argument order. */
  errors: unknown[];
}

export function fetchObjects(env: KubectlEnv, refs: readonly ResourceRef[], opts: FetchOptions): FetchResult {
  const api = env.cluster.api;
  const found: FoundObject[] = [];
  const errors: unknown[] = [];
  if ((opts.labelSelector || opts.fieldSelector) && refs.some((r) => r.name !== undefined)) {
    throw new KubectlError('name cannot be provided when a selector is specified');
  }
  for (const ref of refs) {
    const ns = ref.type.namespaced ? opts.namespace : undefined;
    if (ref.name !== undefined) {
      try {
        found.push({ type: ref.type, object: api.get(typeName(ref.type), ref.name, ns) });
      } catch (e) {
        errors.push(e);
      }
      continue;
    }
    const list = api.list(typeName(ref.type), {
      namespace: opts.allNamespaces ? undefined : ns,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
    });
    for (const object of list.items) found.push({ type: ref.type, object });
  }
  return { found, errors };
}

/** The name the apiserver resolves unambiguously: `deployments.apps`, `pods`. */
export function typeName(t: ResourceType): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

/** Warnings the v1.34 apiserver sends with reads of deprecated types; kubectl prints each once on stderr. */
export function readWarnings(types: readonly ResourceType[]): string {
  const endpoints = types.some((t) => t.group === '' && t.resource === 'endpoints');
  return endpoints ? 'Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n' : '';
}
