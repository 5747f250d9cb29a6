// kubectl top node|pod: resource usage from the metrics API (metrics-server
// scraping each kubelet every 15 s). Usage in the sandbox is simulated (the
// UI says so); the table layout, units and errors are kubectl's.
import { notFound } from '../../runtime/api/errors';
import { parseQuantity } from '../../runtime/api/quantity';
import { fromLabelSelector, matchesLabels, parseLabelSelector } from '../../runtime/api/selectors';
import { field, type KubeObject } from '../../runtime/api/types';
import { parseRFC3339 } from '../../runtime/clock';
import type { ContainerUsage } from '../../runtime/metrics';
import { KubectlError } from '../errors';
import { TabWriter, TABLE_OPTIONS } from '../printers/tabwriter';
import type { Command, CommandContext, KubectlEnv, KubectlResult } from '../types';
import { usageError } from './logs';

const MI = 1024 * 1024;
/** metrics-server's first scrape of a kubelet comes one resolution (15 s) after the node is up. */
const METRICS_RESOLUTION_MS = 15_000;
/** kubectl top pod blames missing metrics on a new pod for its first 2 minutes (metricsCreationDelay). */
const METRICS_CREATION_DELAY_MS = 120_000;

/**
 * What the node itself uses outside pods (kubelet, containerd, the OS;
 * the control plane's static pods are not modelled as pods here). Simulated
 * figures in the range a small kubeadm node reports.
 */
const SYSTEM_USAGE = { 'control-plane': { cpu: 95, memory: 1150 * MI }, worker: { cpu: 24, memory: 410 * MI } };

const SORT_FLAGS = [
  { name: 'sort-by', type: 'string' as const },
  { name: 'no-headers', type: 'bool' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'use-protocol-buffers', type: 'bool' as const, default: true },
];

const topNode: Command = {
  name: 'node',
  aliases: ['nodes', 'no'],
  short: 'Display resource (CPU/memory) usage of nodes',
  flags: [...SORT_FLAGS, { name: 'show-capacity', type: 'bool' }],
  run: runTopNode,
};

const topPod: Command = {
  name: 'pod',
  aliases: ['pods', 'po'],
  short: 'Display resource (CPU/memory) usage of pods',
  flags: [
    ...SORT_FLAGS,
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'containers', type: 'bool' },
    { name: 'field-selector', type: 'string' },
    { name: 'sum', type: 'bool' },
  ],
  run: runTopPod,
};

export const topCommand: Command = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  subcommands: [topNode, topPod],
};

function checkSortBy(ctx: CommandContext): string {
  const by = ctx.flags.string('sort-by');
  if (by !== '' && by !== 'cpu' && by !== 'memory') throw new KubectlError('--sort-by accepts only cpu or memory');
  return by;
}

/** printValue writes every cell with a tab after it, so the last column is padded too. */
function render(header: string[] | undefined, rows: string[][]): string {
  const w = new TabWriter({ ...TABLE_OPTIONS, rememberWidths: false });
  if (header) w.write(header.map((c) => `${c}\t`).join('') + '\n');
  for (const r of rows) w.write(r.map((c) => `${c}\t`).join('') + '\n');
  return w.flush();
}

const cpuText = (milli: number): string => `${Math.round(milli)}m`;
const memText = (bytes: number): string => `${Math.floor(bytes / MI)}Mi`;

/** A sorter that keeps the name order for ties (Go's sort.Sort is not stable; the sandbox is). */
function sortRows<T extends { cpu: number; memory: number }>(rows: T[], by: string, key: (r: T) => string): T[] {
  return [...rows].sort((a, b) => {
    if (by === 'cpu' && a.cpu !== b.cpu) return b.cpu - a.cpu;
    if (by === 'memory' && a.memory !== b.memory) return b.memory - a.memory;
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

// ---- nodes ------------------------------------------------------------------------

interface NodeSample {
  name: string;
  cpu: number;
  memory: number;
}

/** The metrics API's NodeMetrics: powered-on, Ready nodes scraped at least once. */
function nodeMetrics(env: KubectlEnv): NodeSample[] {
  const { cluster } = env;
  const now = cluster.clock.now();
  const on = new Set(cluster.hosts.list().filter((h) => h.poweredOn).map((h) => h.name));
  const out: NodeSample[] = [];
  for (const node of cluster.api.list('nodes').items) {
    const name = node.metadata.name ?? '';
    const ready = (field(node, 'status', 'conditions') as unknown[] | undefined)?.find((c) => field(c, 'type') === 'Ready');
    const since = parseRFC3339(str(field(ready, 'lastTransitionTime')));
    if (!on.has(name) || field(ready, 'status') !== 'True' || since === undefined || now - since < METRICS_RESOLUTION_MS) continue;
    const role = node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined ? 'control-plane' : 'worker';
    const pods = cluster.metrics.node(name);
    out.push({ name, cpu: SYSTEM_USAGE[role].cpu + pods.cpu, memory: SYSTEM_USAGE[role].memory + pods.memory });
  }
  return out;
}

function runTopNode(ctx: CommandContext): KubectlResult {
  if (ctx.args.length > 1) throw usageError(ctx.path, 'node [NAME | -l label]');
  const by = checkSortBy(ctx);
  const name = ctx.args[0];
  const selector = ctx.flags.string('selector');
  const api = ctx.env.cluster.api;
  let metrics = nodeMetrics(ctx.env);
  let nodes: KubeObject[];
  if (name) {
    const m = metrics.find((x) => x.name === name);
    if (!m) throw notFound('nodemetrics.metrics.k8s.io', name);
    metrics = [m];
    nodes = [api.get('nodes', name)];
  } else {
    nodes = api.list('nodes', { labelSelector: selector }).items;
    const names = new Set(nodes.map((n) => n.metadata.name));
    metrics = metrics.filter((m) => names.has(m.name));
  }
  if (metrics.length === 0) throw new KubectlError('metrics not available yet');
  const resource = ctx.flags.bool('show-capacity') ? 'capacity' : 'allocatable';
  const available = new Map(nodes.map((n) => [n.metadata.name ?? '', { cpu: milli(field(n, 'status', resource, 'cpu')), memory: bytes(field(n, 'status', resource, 'memory')) }]));
  const rows: string[][] = sortRows(metrics, by, (m) => m.name).map((m) => {
    const a = available.get(m.name);
    const pct = (used: number, total: number | undefined): string => (total ? `${Math.trunc((used / total) * 100)}%` : '');
    return [m.name, cpuText(m.cpu), pct(m.cpu, a?.cpu), memText(m.memory), pct(Math.floor(m.memory), a?.memory)];
  });
  // Nodes the metrics API has nothing for yet are listed with <unknown> values.
  const missing = nodes.filter((n) => !metrics.some((m) => m.name === n.metadata.name) && !name).map((n) => [n.metadata.name ?? '', '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  return { stdout: render(ctx.flags.bool('no-headers') ? undefined : ['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], [...rows, ...missing]), stderr: '', exitCode: 0 };
}

function milli(q: unknown): number | undefined {
  const v = parseQuantity(q);
  return v ? v.value * 1000 : undefined;
}

function bytes(q: unknown): number | undefined {
  return parseQuantity(q)?.value;
}

// ---- pods ---------------------------------------------------------------------------

function runTopPod(ctx: CommandContext): KubectlResult {
  if (ctx.args.length > 1) throw usageError(ctx.path, 'pod [NAME | -l label]');
  const by = checkSortBy(ctx);
  const { env, flags } = ctx;
  const name = ctx.args[0];
  const all = flags.bool('all-namespaces');
  const ns = all ? undefined : ctx.namespace;
  const selector = flags.string('selector');
  const sel = selector ? parseLabelSelector(selector) : fromLabelSelector(undefined);
  const fieldSelector = flags.string('field-selector');
  const podsByKey = new Map(env.cluster.api.list('pods', { namespace: ns, fieldSelector: fieldSelector || undefined }).items.map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name ?? ''}`, p]));
  let metrics = env.cluster.metrics.allPods().filter((m) => (all || m.namespace === ns) && podsByKey.has(`${m.namespace}/${m.name}`));
  metrics = metrics.filter((m) => matchesLabels(sel, podsByKey.get(`${m.namespace}/${m.name}`)?.metadata.labels));
  if (name) {
    metrics = metrics.filter((m) => m.name === name);
    if (metrics.length === 0) throw notFound('podmetrics.metrics.k8s.io', `${ctx.namespace}/${name}`);
  }
  if (metrics.length === 0) return emptyPodMetrics(ctx, [...podsByKey.values()].filter((p) => matchesLabels(sel, p.metadata.labels)), all);

  const containers = flags.bool('containers');
  const header = [...(all ? ['NAMESPACE'] : []), ...(containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)'];
  const pods = sortRows(metrics.map((m) => ({ ...m, ...total(m.containers) })), by, (m) => (all ? `${m.namespace}\u0000${m.name}` : m.name));
  const rows: string[][] = [];
  for (const m of pods) {
    const prefix = all ? [m.namespace] : [];
    if (!containers) {
      rows.push([...prefix, m.name, cpuText(m.cpu), memText(m.memory)]);
      continue;
    }
    for (const c of sortRows(m.containers, by, (x) => x.name)) rows.push([...prefix, m.name, c.name, cpuText(c.cpu), memText(c.memory)]);
  }
  if (flags.bool('sum')) {
    const sum = total(metrics.flatMap((m) => m.containers));
    const blanks = header.length - 2;
    rows.push([...Array<string>(blanks).fill(''), '________', '________']);
    rows.push([...Array<string>(blanks).fill(''), cpuText(sum.cpu), memText(sum.memory)]);
  }
  return { stdout: render(flags.bool('no-headers') ? undefined : header, rows), stderr: '', exitCode: 0 };
}

function total(containers: ContainerUsage[]): { cpu: number; memory: number } {
  return containers.reduce((acc, c) => ({ cpu: acc.cpu + c.cpu, memory: acc.memory + c.memory }), { cpu: 0, memory: 0 });
}

/** verifyEmptyMetrics: nothing to show — no pods, pods too young for a scrape, or pods the metrics API has lost. */
function emptyPodMetrics(ctx: CommandContext, pods: KubeObject[], all: boolean): KubectlResult {
  const now = ctx.env.cluster.clock.now();
  for (const pod of pods) {
    const created = parseRFC3339(pod.metadata.creationTimestamp ?? '') ?? now;
    if (now - created > METRICS_CREATION_DELAY_MS) {
      throw new KubectlError(`Metrics not available for pod ${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}, age: ${goDurationString(now - created)}`);
    }
  }
  if (pods.length > 0) throw new KubectlError('metrics not available yet');
  return { stdout: '', stderr: all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`, exitCode: 0 };
}

/** Go's time.Duration.String() for whole milliseconds: 2m5.5s, 1h0m3s. */
function goDurationString(ms: number): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toFixed(3).replace(/\.?0+$/, '');
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
