// Nodes: printNode. STATUS from the Ready condition (+SchedulingDisabled when
// cordoned), ROLES from node-role.kubernetes.io/* and kubernetes.io/role labels.
import { asArray, field, isObject, type KubeObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const nodePrinter: TablePrinter = {
  columns: [
    NAME,
    { name: 'Status' },
    { name: 'Roles' },
    AGE,
    { name: 'Version' },
    { name: 'Internal-IP', priority: 1 },
    { name: 'External-IP', priority: 1 },
    { name: 'OS-Image', priority: 1 },
    { name: 'Kernel-Version', priority: 1 },
    { name: 'Container-Runtime', priority: 1 },
  ],
  row(node, ctx) {
    const info = field(node, 'status', 'nodeInfo');
    return [
      str(node.metadata.name),
      nodeStatus(node),
      nodeRoles(node).join(',') || '<none>',
      age(node, ctx.now),
      str(field(info, 'kubeletVersion')),
      address(node, 'InternalIP'),
      address(node, 'ExternalIP'),
      str(field(info, 'osImage')) || '<unknown>',
      str(field(info, 'kernelVersion')) || '<unknown>',
      str(field(info, 'containerRuntimeVersion')) || '<unknown>',
    ];
  },
};

function nodeStatus(node: KubeObject): string {
  const ready = asArray(field(node, 'status', 'conditions')).find((c) => field(c, 'type') === 'Ready');
  const status = [ready === undefined ? 'Unknown' : field(ready, 'status') === 'True' ? 'Ready' : 'NotReady'];
  if (field(node, 'spec', 'unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Sorted, de-duplicated roles (findNodeRoles). */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length) roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

function address(node: KubeObject, type: string): string {
  const a = asArray(field(node, 'status', 'addresses')).find((x) => isObject(x) && x.type === type);
  return str(field(a, 'address')) || '<none>';
}
