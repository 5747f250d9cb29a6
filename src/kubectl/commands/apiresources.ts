// kubectl api-resources and api-versions: the apiserver's discovery (the
// preferred version of every group, custom resources included), sorted by
// group and then name as kubectl sorts it.
import { apiVersionOf, type ResourceType } from '../../runtime/api/resources';
import { KubectlError } from '../errors';
import { printJSON } from '../printers/json';
import { formatTable } from '../printers/tabwriter';
import { printYAML } from '../printers/yaml';
import type { Command, KubectlEnv, KubectlResult } from '../types';

const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Resources whose discovery verbs differ from the standard eight. */
const VERBS: Record<string, string[]> = {
  bindings: ['create'],
  componentstatuses: ['get', 'list'],
  namespaces: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  tokenreviews: ['create'],
  selfsubjectreviews: ['create'],
  localsubjectaccessreviews: ['create'],
  selfsubjectaccessreviews: ['create'],
  selfsubjectrulesreviews: ['create'],
  subjectaccessreviews: ['create'],
};

/** Categories the registry does not carry: the api-extensions kinds. */
const EXTRA_CATEGORIES: Record<string, string[]> = {
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': ['api-extensions'],
  'admissionregistration.k8s.io/validatingwebhookconfigurations': ['api-extensions'],
  'admissionregistration.k8s.io/validatingadmissionpolicies': ['api-extensions'],
  'admissionregistration.k8s.io/validatingadmissionpolicybindings': ['api-extensions'],
  'apiextensions.k8s.io/customresourcedefinitions': ['api-extensions'],
  'apiregistration.k8s.io/apiservices': ['api-extensions'],
};

interface DiscoveredResource {
  type: ResourceType;
  verbs: string[];
  categories: string[];
}

/** ServerPreferredResources: one version per group (the first served is preferred). */
export function preferredResources(env: KubectlEnv): DiscoveredResource[] {
  const preferred = new Map<string, string>();
  for (const t of env.cluster.api.registry.all()) if (!preferred.has(t.group)) preferred.set(t.group, t.version);
  return env.cluster.api.registry
    .all()
    .filter((t) => preferred.get(t.group) === t.version)
    .map((type) => ({
      type,
      verbs: VERBS[type.resource] ?? STANDARD_VERBS,
      categories: [...type.categories, ...(EXTRA_CATEGORIES[`${type.group}/${type.resource}`] ?? [])],
    }));
}

export const apiResourcesCommand: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'api-group', type: 'string' },
    { name: 'namespaced', type: 'bool', default: true },
    { name: 'verbs', type: 'stringSlice' },
    { name: 'categories', type: 'stringSlice' },
    { name: 'sort-by', type: 'string' },
    { name: 'cached', type: 'bool' },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  run(ctx): KubectlResult {
    const f = ctx.flags;
    if (ctx.args.length) throw new KubectlError(`unexpected arguments: [${ctx.args.join(' ')}]\nSee 'kubectl api-resources -h' for help and examples`);
    const output = f.string('output');
    if (!['', 'wide', 'name', 'json', 'yaml'].includes(output)) {
      throw new KubectlError(`unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: json,name,wide,yaml`);
    }
    const sortBy = f.string('sort-by');
    if (sortBy !== '' && sortBy !== 'name' && sortBy !== 'kind') throw new KubectlError('--sort-by accepts only name or kind');
    const verbs = f.strings('verbs');
    const categories = f.strings('categories');
    const resources = preferredResources(ctx.env)
      .filter((r) => !f.has('api-group') || r.type.group === f.string('api-group'))
      .filter((r) => !f.has('namespaced') || r.type.namespaced === f.bool('namespaced'))
      .filter((r) => verbs.every((v) => r.verbs.includes(v)))
      .filter((r) => categories.every((c) => r.categories.includes(c)))
      .sort(bySortKey(sortBy));
    if (output === 'name') return ok(resources.map((r) => (r.type.group ? `${r.type.resource}.${r.type.group}` : r.type.resource) + '\n').join(''));
    if (output === 'json' || output === 'yaml') {
      const list = resourceList(resources);
      return ok(output === 'json' ? printJSON(list, { keepOrder: true }) : printYAML(list));
    }
    const wide = output === 'wide';
    const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
    const rows = resources.map((r) => [
      r.type.resource,
      r.type.shortNames.join(','),
      apiVersionOf(r.type),
      String(r.type.namespaced),
      r.type.kind,
      ...(wide ? [r.verbs.join(','), r.categories.join(',')] : []),
    ]);
    return ok(formatTable(f.bool('no-headers') ? rows : [header, ...rows]));
  },
};

/** Stable sort by group (or name, or kind), ties broken by name. */
function bySortKey(sortBy: string): (a: DiscoveredResource, b: DiscoveredResource) => number {
  const key = (r: DiscoveredResource): string => (sortBy === 'name' ? r.type.resource : sortBy === 'kind' ? r.type.kind : r.type.group);
  const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return (a, b) => cmp(key(a), key(b)) || cmp(a.type.resource, b.type.resource);
}

/** The flattened metav1.APIResourceList kubectl prints for -o json|yaml. */
function resourceList(resources: DiscoveredResource[]): Record<string, unknown> {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: '',
    resources: resources.map((r) => ({
      name: r.type.resource,
      singularName: r.type.singular,
      namespaced: r.type.namespaced,
      ...(r.type.group ? { group: r.type.group } : {}),
      version: r.type.version,
      kind: r.type.kind,
      verbs: r.verbs,
      ...(r.type.shortNames.length ? { shortNames: r.type.shortNames } : {}),
      ...(r.categories.length ? { categories: r.categories } : {}),
    })),
  };
}

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  run(ctx): KubectlResult {
    const versions = [...new Set(ctx.env.cluster.api.registry.all().map((t) => apiVersionOf(t)))].sort();
    return ok(versions.map((v) => `${v}\n`).join(''));
  },
};

function ok(stdout: string): KubectlResult {
  return { stdout, stderr: '', exitCode: 0 };
}
