// `kubectl create role|clusterrole NAME --verb=… --resource=…` and
// `kubectl create rolebinding|clusterrolebinding NAME --role|--clusterrole …`
// (kubectl create_role.go, create_clusterrole.go, create_rolebinding.go,
// create_clusterrolebinding.go): one rule per API group, groups sorted.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { nameArg, objectMeta, type Generator } from './generator';

const VALID_VERBS = ['*', 'get', 'delete', 'list', 'create', 'update', 'patch', 'watch', 'proxy', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate'];
type Warn = (text: string) => void;
const NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];
/** Verbs that only make sense on particular resources (create_role.go specialVerbs). */
const SPECIAL_VERBS: Record<string, [group: string, resource: string][]> = {
  use: [['policy', 'podsecuritypolicies'], ['extensions', 'podsecuritypolicies']],
  bind: [['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles']],
  escalate: [['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles']],
  impersonate: [['', 'users'], ['', 'serviceaccounts'], ['', 'groups'], ['authentication.k8s.io', 'userextras']],
};

const ROLE_FLAGS = [
  { name: 'verb', type: 'stringSlice' as const },
  { name: 'resource', type: 'stringSlice' as const },
  { name: 'resource-name', type: 'stringArray' as const },
];

export const roleGenerator: Generator = {
  name: 'role',
  short: 'Create a role with single rule',
  flags: ROLE_FLAGS,
  build(ctx: CommandContext, warn: Warn): KubeObject {
    const name = nameArg(ctx);
    const verbs = ctx.flags.strings('verb');
    const resources = ctx.flags.strings('resource');
    if (verbs.length === 0) throw new KubectlError('at least one verb must be specified');
    if (resources.length === 0) throw new KubectlError('at least one resource must be specified');
    return { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: objectMeta(ctx, name), rules: resourceRules(ctx, verbs, resources, warn) };
  },
};

export const clusterRoleGenerator: Generator = {
  name: 'clusterrole',
  short: 'Create a cluster role',
  flags: [...ROLE_FLAGS, { name: 'non-resource-url', type: 'stringSlice' }, { name: 'aggregation-rule', type: 'string' }],
  build(ctx: CommandContext, warn: Warn): KubeObject {
    const name = nameArg(ctx);
    const verbs = ctx.flags.strings('verb');
    const resources = ctx.flags.strings('resource');
    const urls = ctx.flags.strings('non-resource-url');
    if (verbs.length === 0) throw new KubectlError('at least one verb must be specified');
    if (resources.length === 0 && urls.length === 0) throw new KubectlError('one of resource or nonResourceURL must be specified');
    for (const u of urls) {
      if (!u.startsWith('/')) throw new KubectlError(`nonResourceURL should start with /`);
      if (u.slice(0, -1).includes('*')) throw new KubectlError(`nonResourceURL only supports wildcard matches when '*' is at the end`);
    }
    const rules = resources.length ? resourceRules(ctx, verbs, resources, warn) : [];
    if (urls.length) {
      const bad = verbs.find((v) => !NON_RESOURCE_VERBS.includes(v));
      if (bad) throw new KubectlError(`invalid verb: '${bad}' for nonResourceURL`);
      rules.push({ verbs, nonResourceURLs: urls });
    }
    return { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', metadata: { name }, rules };
  },
};

function resourceRules(ctx: CommandContext, verbs: string[], resources: string[], warn: Warn): Record<string, unknown>[] {
  // Non-standard verbs are allowed (webhooks and aggregated APIs define their own); kubectl only warns.
  for (const v of verbs) if (!VALID_VERBS.includes(v)) warn(`'${v}' is not a standard resource verb`);
  const byGroup = new Map<string, string[]>();
  for (const typed of resources) {
    const [resourceAndGroup, sub = ''] = typed.split('/', 2);
    const dot = resourceAndGroup.indexOf('.');
    let resource = dot < 0 ? resourceAndGroup : resourceAndGroup.slice(0, dot);
    let group = dot < 0 ? '' : resourceAndGroup.slice(dot + 1);
    if (resource === '') throw new KubectlError('resource must be specified if apiGroup/subresource specified');
    if (resource !== '*') {
      const t = ctx.env.cluster.api.registry.resolve(group ? `${resource}.${group}` : resource);
      if (!t) throw new KubectlError(`the server doesn't have a resource type "${resource}"`);
      resource = t.resource;
      group = t.group;
      for (const v of verbs) {
        const allowed = SPECIAL_VERBS[v];
        if (allowed && !allowed.some(([g, r]) => g === group && r === resource)) throw new KubectlError(`can not perform '${v}' on '${resource}' in group '${group}'`);
      }
    }
    const full = sub ? `${resource}/${sub}` : resource;
    const list = byGroup.get(group) ?? [];
    if (!list.includes(full)) list.push(full);
    byGroup.set(group, list);
  }
  const names = ctx.flags.strings('resource-name');
  return [...byGroup.keys()].sort().map((group) => {
    const rule: Record<string, unknown> = { verbs, apiGroups: [group], resources: byGroup.get(group) };
    if (names.length) rule.resourceNames = names;
    return rule;
  });
}

const BINDING_FLAGS = [
  { name: 'user', type: 'stringArray' as const },
  { name: 'group', type: 'stringArray' as const },
  { name: 'serviceaccount', type: 'stringArray' as const },
];

export const roleBindingGenerator: Generator = {
  name: 'rolebinding',
  short: 'Create a role binding for a particular role or cluster role',
  flags: [{ name: 'role', type: 'string' }, { name: 'clusterrole', type: 'string' }, ...BINDING_FLAGS],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const role = ctx.flags.string('role');
    const clusterRole = ctx.flags.string('clusterrole');
    if ((role === '') === (clusterRole === '')) throw new KubectlError('exactly one of clusterrole or role must be specified');
    return {
      kind: 'RoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: objectMeta(ctx, name),
      subjects: subjects(ctx),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: role ? 'Role' : 'ClusterRole', name: role || clusterRole },
    };
  },
};

export const clusterRoleBindingGenerator: Generator = {
  name: 'clusterrolebinding',
  short: 'Create a cluster role binding for a particular cluster role',
  flags: [{ name: 'clusterrole', type: 'string' }, ...BINDING_FLAGS],
  required: ['clusterrole'],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    return {
      kind: 'ClusterRoleBinding',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name },
      subjects: subjects(ctx),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: ctx.flags.string('clusterrole') },
    };
  },
};

/** Users, then groups, then service accounts (`namespace:name`). */
function subjects(ctx: CommandContext): Record<string, unknown>[] | undefined {
  const out: Record<string, unknown>[] = [];
  for (const u of ctx.flags.strings('user')) out.push({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: u });
  for (const g of ctx.flags.strings('group')) out.push({ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: g });
  for (const sa of ctx.flags.strings('serviceaccount')) {
    const parts = sa.split(':');
    if (parts.length !== 2 || parts[0] === '' || parts[1] === '') throw new KubectlError(`serviceaccount must be <namespace>:<name>`);
    out.push({ kind: 'ServiceAccount', name: parts[1], namespace: parts[0] });
  }
  return out.length ? out : undefined;
}
