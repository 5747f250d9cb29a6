// Namespace, ResourceQuota and LimitRange describers: a namespace shows the
// quotas and limit ranges that govern it (a resource pool's reservations and
// limits, in vSphere terms).
import { formatExact, parseExact } from '../../runtime/api/defaults/quantity';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import type { DescribeContext } from './context';
import { compare, list, obj, quantity, rfc1123z, sortedKeys, spec, status, str, strings } from './format';
import { value } from './resources';
import { tabbedString, LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export function describeNamespace(ctx: DescribeContext, ns: KubeObject): string {
  const name = ns.metadata.name ?? '';
  const quotas = ctx.api.list('resourcequotas', { namespace: name }).items;
  const limits = ctx.api.list('limitranges', { namespace: name }).items;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    w.write(LEVEL_0, `Status:\t${str(status(ns).phase)}\n`);
    const conditions = list(status(ns).conditions);
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${rfc1123z(c.lastTransitionTime)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
    w.write(LEVEL_0, '\n');
    describeResourceQuotas(quotas, w);
    w.write(LEVEL_0, '\n');
    describeLimitRanges(limits, w);
  });
}

const SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

function describeScopes(quota: KubeObject, w: PrefixWriter, level: number, bullet: string): void {
  const scopes = strings(spec(quota).scopes).sort(compare);
  if (scopes.length === 0) return;
  w.write(level, `Scopes:\t${scopes.join(', ')}\n`);
  for (const scope of scopes) if (SCOPE_HELP[scope]) w.write(level, `${bullet}${SCOPE_HELP[scope]}\n`);
}

/** DescribeResourceQuotas: every quota of the namespace, by name. */
function describeResourceQuotas(quotas: KubeObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of [...quotas].sort((a, b) => compare(a.metadata.name ?? '', b.metadata.name ?? ''))) {
    w.write(LEVEL_1, `Name:\t${q.metadata.name ?? ''}\n`);
    describeScopes(q, w, LEVEL_1, '* ');
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = obj(status(q).hard);
    const used = obj(status(q).used);
    for (const r of sortedKeys(hard)) w.write(LEVEL_1, `${r}\t${quantity(used[r])}\t${quantity(hard[r])}\n`);
  }
}

/** DescribeLimitRanges: every limit range item of the namespace in one table. */
function describeLimitRanges(limitRanges: KubeObject[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of limitRanges) describeLimitRangeSpec(lr, ' ', w);
}

function describeLimitRangeSpec(lr: KubeObject, prefix: string, w: PrefixWriter): void {
  for (const item of list(spec(lr).limits)) {
    const columns = ['min', 'max', 'defaultRequest', 'default', 'maxLimitRequestRatio'].map((k) => obj(item[k]));
    // Upstream ranges over a Go map here (random order); the sandbox sorts the names.
    const names = [...new Set(columns.flatMap((c) => Object.keys(c)))].sort(compare);
    for (const r of names) {
      const cells = columns.map((c) => (r in c ? quantity(c[r]) : '-'));
      w.write(LEVEL_0, `${prefix}${str(item.type)}\t${r}\t${cells.join('\t')}\n`);
    }
  }
}

export function describeLimitRange(_ctx: DescribeContext, lr: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    describeLimitRangeSpec(lr, '', w);
  });
}

export function describeResourceQuota(_ctx: DescribeContext, q: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata.namespace ?? ''}\n`);
    describeScopes(q, w, LEVEL_0, ' * ');
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = obj(status(q).hard);
    const used = obj(status(q).used);
    for (const r of sortedKeys(hard)) w.write(LEVEL_0, `${r}\t${usedInHardFormat(used[r], hard[r])}\t${quantity(hard[r])}\n`);
  });
}

/** A used amount printed in the hard limit's format (resource.NewQuantity(used.Value(), hard.Format)). */
function usedInHardFormat(used: unknown, hard: unknown): string {
  const u = parseExact(used ?? '0');
  const h = parseExact(hard);
  if (!u || !h || u.format === h.format) return quantity(used);
  return formatExact({ nanos: BigInt(value(u)) * 1_000_000_000n, format: h.format });
}
