// What `kubectl <verb> TYPE[,TYPE] [NAME…]` and `TYPE/NAME …` mean, as
// cli-runtime's resource builder reads them, and the errors it gives.
import type { ResourceType } from '../runtime/api/resources';
import { KubectlError } from './errors';
import type { KubectlEnv } from './types';

export interface ResourceRef {
  type: ResourceType;
  /** Undefined: every object of the type (subject to namespace and selectors). */
  name?: string;
}

const SLASH_MIXED =
  "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'";

/** Resolve one type as typed (`po`, `pods`, `deployments.apps`, `Deployment`), or kubectl's error for an unknown one. */
export function resolveType(env: KubectlEnv, typed: string): ResourceType {
  const t = env.cluster.api.registry.resolve(typed);
  if (!t || t.virtual) throw new KubectlError(`the server doesn't have a resource type ${JSON.stringify(typed)}`);
  return t;
}

/** Expand a category (`all`) or a single type name to its types. */
export function resolveTypes(env: KubectlEnv, typed: string): ResourceType[] {
  const byCategory = env.cluster.api.registry.all().filter((t) => t.categories.includes(typed.toLowerCase()) && !t.virtual);
  if (byCategory.length && !env.cluster.api.registry.resolve(typed)) return byCategory;
  return [resolveType(env, typed)];
}

/** Parse the positional arguments of get/describe/delete/label/… into references. */
export function parseResourceArgs(env: KubectlEnv, args: readonly string[]): ResourceRef[] {
  if (args.some((a) => a.includes('/'))) {
    if (!args.every((a) => a.includes('/'))) throw new KubectlError(SLASH_MIXED);
    return args.map((a) => {
      const slash = a.indexOf('/');
      const name = a.slice(slash + 1);
      if (name === '') throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
      return { type: resolveType(env, a.slice(0, slash)), name };
    });
  }
  if (args.length === 0) return [];
  const types = args[0].split(',').filter((t) => t !== '').flatMap((t) => resolveTypes(env, t));
  const names = args.slice(1);
  if (names.length === 0) return types.map((type) => ({ type }));
  return types.flatMap((type) => names.map((name) => ({ type, name })));
}

/** `deployment.apps/web`: how kubectl names an object in messages and `-o name`. */
export function qualifiedName(type: ResourceType, name: string): string {
  return `${kindPath(type)}/${name}`;
}

/** `deployment.apps`, `pod`: lower-cased kind plus group. */
export function kindPath(type: ResourceType): string {
  const kind = type.kind.toLowerCase();
  return type.group ? `${kind}.${type.group}` : kind;
}

/** `deployments.apps`, `pods`: the plural resource plus group, as NotFound messages name it. */
export function resourcePath(type: ResourceType): string {
  return type.group ? `${type.resource}.${type.group}` : type.resource;
}
