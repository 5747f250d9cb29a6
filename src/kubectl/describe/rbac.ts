// Role, ClusterRole, RoleBinding and ClusterRoleBinding describers. Rules are
// broken down per resource and compacted again (rbac.BreakdownRule /
// CompactRules) so the PolicyRule table lists one resource per row.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline, stableSort } from './blocks';
import type { DescribeContext } from './context';
import { compare, goSlice, list, obj, str, strings } from './format';
import { tabbedString, LEVEL_0, LEVEL_1 } from './writer';

interface Rule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

function breakdown(r: Record<string, unknown>): Rule[] {
  const verbs = strings(r.verbs);
  const out: Rule[] = [];
  for (const group of strings(r.apiGroups)) {
    for (const resource of strings(r.resources)) {
      const names = strings(r.resourceNames);
      if (names.length) for (const n of names) out.push({ verbs, apiGroups: [group], resources: [resource], resourceNames: [n], nonResourceURLs: [] });
      else out.push({ verbs, apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
    }
  }
  for (const url of strings(r.nonResourceURLs)) out.push({ verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  return out;
}

/** CompactRules: simple rules (one group, one resource, at most one name) for the same resource merge their verbs. */
function compact(rules: Rule[]): Rule[] {
  const out: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple = r.apiGroups.length === 1 && r.resources.length === 1 && r.resourceNames.length <= 1 && r.nonResourceURLs.length === 0;
    if (!isSimple) {
      out.push(r);
      continue;
    }
    const key = [r.apiGroups[0], r.resources[0], r.resourceNames[0] ?? ''].join('\u0000');
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...out, ...simple.values()];
}

/** The generated PolicyRule.String() that SortableRuleSlice orders by. */
function ruleString(r: Rule): string {
  return `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;
}

/** CombineResourceGroup: `deployments.apps`, `pods/log`. */
function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [res, sub] = resources[0].split(/\/(.*)/s);
  let out = res;
  if (groups.length && groups[0] !== '') out += `.${groups[0]}`;
  if (sub !== undefined) out += `/${sub}`;
  return out;
}

export function describeRole(_ctx: DescribeContext, role: KubeObject): string {
  const rules = stableSort(compact(list(role.rules).flatMap(breakdown)), (a, b) => compare(ruleString(a), ruleString(b)));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const r of rules) {
      w.write(LEVEL_1, `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}\n`);
    }
  });
}

export function describeRoleBinding(_ctx: DescribeContext, binding: KubeObject): string {
  const ref = obj(binding.roleRef);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${binding.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', binding.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', binding.metadata.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${str(ref.kind)}\n`);
    w.write(LEVEL_1, `Name:\t${str(ref.name)}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of list(binding.subjects)) w.write(LEVEL_1, `${str(s.kind)}\t${str(s.name)}\t${str(s.namespace)}\n`);
  });
}
