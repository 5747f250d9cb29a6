// The node describer: roles, labels, taints, the kubelet's lease, conditions,
// addresses, capacity, system info, the pods it runs with their share of the
// node, the allocated totals, and events (by uid from controllers, and by
// name, which is the uid the kubelet reports under).
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline } from './blocks';
import type { DescribeContext } from './context';
import { describeEvents, searchEvents, type EventRef } from './events';
import { compare, goBool, list, obj, quantity, rfc1123z, since, sortedKeys, spec, status, str, strings } from './format';
import { milliValue, podRequestsAndLimits, quantityText, sumTotals, toQuantity, value, type ResourceTotals } from './resources';
import { tabbedString, LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';
/** Resource names that are not extended resources (IsStandardContainerResourceName). */
const STANDARD = new Set(['cpu', 'memory', 'ephemeral-storage']);

export function describeNode(ctx: DescribeContext, node: KubeObject): string {
  const name = node.metadata.name ?? '';
  const pods = ctx.api
    .list('pods')
    .items.filter((p) => spec(p).nodeName === name && status(p).phase !== 'Succeeded' && status(p).phase !== 'Failed');
  let events: KubeObject[] | undefined;
  if (ctx.showEvents) {
    const ref: EventRef = { kind: 'Node', name, namespace: '', uid: node.metadata.uid ?? '' };
    events = [...searchEvents(ctx.api, ref), ...searchEvents(ctx.api, { ...ref, uid: name })];
  }
  const s = spec(node);
  const st = status(node);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    const roles = nodeRoles(node);
    w.write(LEVEL_0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}\n`);
    printTaintsMultiline(w, 'Taints', s.taints);
    w.write(LEVEL_0, `Unschedulable:\t${goBool(s.unschedulable)}\n`);
    describeLease(ctx, name, w);
    describeConditions(st, w);
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of list(st.addresses)) w.write(LEVEL_1, `${str(a.type)}:\t${str(a.address)}\n`);
    for (const [key, title] of [['capacity', 'Capacity'], ['allocatable', 'Allocatable']] as const) {
      const rl = obj(st[key]);
      if (Object.keys(rl).length === 0) continue;
      w.write(LEVEL_0, `${title}:\n`);
      for (const r of sortedKeys(rl)) w.write(LEVEL_0, `  ${r}:\t${quantity(rl[r])}\n`);
    }
    describeSystemInfo(obj(st.nodeInfo), w);
    if (str(s.podCIDR)) w.write(LEVEL_0, `PodCIDR:\t${str(s.podCIDR)}\n`);
    if (strings(s.podCIDRs).length) w.write(LEVEL_0, `PodCIDRs:\t${strings(s.podCIDRs).join(',')}\n`);
    if (str(s.providerID)) w.write(LEVEL_0, `ProviderID:\t${str(s.providerID)}\n`);
    describeNodeResource(ctx, pods, node, w);
    describeEvents(events, w, ctx.now);
  });
}

/** findNodeRoles: `node-role.kubernetes.io/<role>` labels and the legacy `kubernetes.io/role`, sorted. */
export function nodeRoles(node: KubeObject): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith(ROLE_PREFIX) && k.length > ROLE_PREFIX.length) roles.add(k.slice(ROLE_PREFIX.length));
    else if (k === ROLE_LABEL && v !== '') roles.add(v);
  }
  return [...roles].sort(compare);
}

function describeLease(ctx: DescribeContext, name: string, w: PrefixWriter): void {
  const lease = ctx.api.tryGet('leases.coordination.k8s.io', name, 'kube-node-lease');
  if (!lease) {
    w.write(LEVEL_0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);
    return;
  }
  const ls = spec(lease);
  w.write(LEVEL_0, 'Lease:\n');
  w.write(LEVEL_1, `HolderIdentity:\t${typeof ls.holderIdentity === 'string' ? ls.holderIdentity : '<unset>'}\n`);
  w.write(LEVEL_1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(ls.acquireTime) : '<unset>'}\n`);
  w.write(LEVEL_1, `RenewTime:\t${ls.renewTime ? rfc1123z(ls.renewTime) : '<unset>'}\n`);
}

function describeConditions(st: Record<string, unknown>, w: PrefixWriter): void {
  const conditions = list(st.conditions);
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
  w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  for (const c of conditions) {
    w.write(
      LEVEL_1,
      `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`,
    );
  }
}

function describeSystemInfo(info: Record<string, unknown>, w: PrefixWriter): void {
  w.write(LEVEL_0, 'System Info:\n');
  const rows: [string, string][] = [
    ['Machine ID', 'machineID'],
    ['System UUID', 'systemUUID'],
    ['Boot ID', 'bootID'],
    ['Kernel Version', 'kernelVersion'],
    ['OS Image', 'osImage'],
    ['Operating System', 'operatingSystem'],
    ['Architecture', 'architecture'],
    ['Container Runtime Version', 'containerRuntimeVersion'],
    ['Kubelet Version', 'kubeletVersion'],
    ['Kube-Proxy Version', 'kubeProxyVersion'],
  ];
  for (const [label, key] of rows) w.write(LEVEL_0, `  ${label}:\t${str(info[key])}\n`);
}

/** int64(float64(a) / float64(b) * 100), as Go computes the percentages (NaN and ±Inf become the minimum int64). */
function percent(a: number, b: number): string {
  const p = (a / b) * 100;
  return Number.isFinite(p) ? String(Math.trunc(p)) : '-9223372036854775808';
}

function describeNodeResource(ctx: DescribeContext, pods: KubeObject[], node: KubeObject, w: PrefixWriter): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const st = status(node);
  const allocatable = Object.keys(obj(st.allocatable)).length ? obj(st.allocatable) : obj(st.capacity);
  const allocCpu = milliValue(toQuantity(allocatable.cpu ?? '0'));
  const allocMem = value(toQuantity(allocatable.memory ?? '0'));
  const totals = pods.map((p) => podRequestsAndLimits(p));
  pods.forEach((pod, i) => {
    const { requests, limits } = totals[i];
    const cell = (t: ResourceTotals, r: string, alloc: number, cpu: boolean): string => {
      const q = t.get(r);
      return `${quantityText(q)} (${percent(cpu ? milliValue(q) : value(q), alloc)}%)`;
    };
    w.write(
      LEVEL_1,
      `${pod.metadata.namespace ?? ''}\t${pod.metadata.name ?? ''}\t\t${cell(requests, 'cpu', allocCpu, true)}\t${cell(limits, 'cpu', allocCpu, true)}\t${cell(requests, 'memory', allocMem, false)}\t${cell(limits, 'memory', allocMem, false)}\t${since(ctx.now, pod.metadata.creationTimestamp)}\n`,
    );
  });
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs = sumTotals(totals.map((t) => t.requests));
  const lims = sumTotals(totals.map((t) => t.limits));
  const row = (r: string, alloc: number, cpu: boolean): void => {
    const rq = reqs.get(r);
    const lq = lims.get(r);
    const frac = (q: typeof rq): string => (alloc === 0 ? '0' : percent(cpu ? milliValue(q) : value(q), alloc));
    w.write(LEVEL_1, `${r}\t${quantityText(rq)} (${frac(rq)}%)\t${quantityText(lq)} (${frac(lq)}%)\n`);
  };
  row('cpu', allocCpu, true);
  row('memory', allocMem, false);
  row('ephemeral-storage', value(toQuantity(allocatable['ephemeral-storage'] ?? '0')), false);
  const names = Object.keys(allocatable).sort(compare);
  for (const r of names.filter((n) => n.startsWith('hugepages-'))) row(r, value(toQuantity(allocatable[r])), false);
  for (const r of names.filter((n) => !n.startsWith('hugepages-') && !STANDARD.has(n) && n !== 'pods')) {
    w.write(LEVEL_1, `${r}\t${quantityText(reqs.get(r))}\t${quantityText(lims.get(r))}\n`);
  }
}

