// `kubectl expose deployment|rc|rs|pod|service NAME --port … [--target-port]
// [--type] [--name]` (kubectl pkg/cmd/expose with ServiceGeneratorV2): a
// Service whose selector and ports are read from the exposed object — the
// load-balancer virtual server in front of a pool, created in one line.
import { asArray, field, isObject, type KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import { usageError } from '../generators/generator';
import { parseLabels } from '../generators/pod';
import type { Command, CommandContext, KubectlResult } from '../types';
import { stripUndefined } from './create';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets } from './targets';
import { FILENAME_FLAGS } from '../manifests';

export const exposeCommand: Command = {
  name: 'expose',
  short: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  flags: [
    ...FILENAME_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'cluster-ip', type: 'string' },
    { name: 'external-ip', type: 'string' },
    { name: 'load-balancer-ip', type: 'string' },
    { name: 'session-affinity', type: 'string' },
    { name: 'override-type', type: 'string', default: 'merge' },
    { name: 'overrides', type: 'string' },
    { name: 'save-config', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-expose' },
  ],
  run: expose,
};

const EXPOSABLE = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'];
const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

function expose(ctx: CommandContext): KubectlResult {
  const type = ctx.flags.string('type');
  if (type && !TYPES.includes(type)) throw new KubectlError(`invalid ServiceType: ${JSON.stringify(type)}`);
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { typed: true });
  const out = new OutputCollector();
  out.stderr += warning;
  const { found, errors } = findTargets(ctx, ctx.args, out, 'You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  for (const e of errors) out.fail(e, ctx.path);
  for (const f of found) {
    if (!EXPOSABLE.includes(f.object.kind)) throw new KubectlError(`cannot expose a ${f.object.kind}${f.type.group ? `.${f.type.group}` : ''}`);
    let svc = buildService(ctx, f.object);
    if (mode !== 'client') svc = ctx.env.cluster.api.create(stripUndefined(svc), { namespace: f.object.metadata.namespace, dryRun: mode === 'server', fieldValidation: 'Strict' });
    out.stdout += printer.print(svc, 'exposed');
  }
  ctx.env.cluster.clock.drain();
  return out.result();
}

function buildService(ctx: CommandContext, obj: KubeObject): KubeObject {
  const selector = ctx.flags.string('selector') ? parseLabels(ctx.flags.string('selector')) : selectorOf(ctx, obj);
  const ports = ctx.flags.string('port') ? [ctx.flags.string('port')] : portsOf(obj);
  if (ports.length === 0) throw usageError(ctx, "couldn't find port via --port flag or introspection");
  const protocols = protocolsOf(obj);
  const protocolFlag = ctx.flags.string('protocol');
  const servicePorts = ports.map((p, i) => {
    const port = Number(p);
    if (!/^[0-9]+$/.test(p)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax`);
    const sp: Record<string, unknown> = {};
    if (ports.length > 1) sp.name = `port-${i + 1}`;
    sp.protocol = protocolFlag || protocols.get(p) || 'TCP';
    sp.port = port;
    return sp;
  });
  const target = ctx.flags.string('target-port');
  for (const sp of servicePorts) sp.targetPort = target ? (/^[0-9]+$/.test(target) ? Number(target) : target) : sp.port;
  const metadata: KubeObject['metadata'] = { name: ctx.flags.string('name') || obj.metadata.name || '' };
  const labels = ctx.flags.string('labels') ? parseLabels(ctx.flags.string('labels')) : obj.metadata.labels;
  if (labels && Object.keys(labels).length) metadata.labels = { ...labels };
  const spec: Record<string, unknown> = { ports: servicePorts, selector };
  const clusterIP = ctx.flags.string('cluster-ip');
  if (clusterIP) spec.clusterIP = clusterIP;
  const type = ctx.flags.string('type');
  if (type) spec.type = type;
  if (ctx.flags.string('external-ip')) spec.externalIPs = [ctx.flags.string('external-ip')];
  if (type === 'LoadBalancer' && ctx.flags.string('load-balancer-ip')) spec.loadBalancerIP = ctx.flags.string('load-balancer-ip');
  if (ctx.flags.string('session-affinity')) spec.sessionAffinity = ctx.flags.string('session-affinity');
  return { kind: 'Service', apiVersion: 'v1', metadata, spec, status: { loadBalancer: {} } };
}

/** MapBasedSelectorForObject. */
function selectorOf(ctx: CommandContext, obj: KubeObject): Record<string, string> {
  const fail = (why: string): KubectlError => usageError(ctx, `couldn't retrieve selectors via --selector flag or introspection: ${why}`);
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) throw fail('the pod has no labels and cannot be exposed');
      return { ...obj.metadata.labels };
    case 'Service': {
      const sel = field(obj, 'spec', 'selector');
      if (!isObject(sel) || Object.keys(sel).length === 0) throw fail('the service has no pod selector set');
      return sel as Record<string, string>;
    }
    case 'ReplicationController': {
      const sel = field(obj, 'spec', 'selector');
      return isObject(sel) ? (sel as Record<string, string>) : {};
    }
    default: {
      const sel = field(obj, 'spec', 'selector');
      if (isObject(sel) && asArray(sel.matchExpressions).length) throw fail(`couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map-based selector format`);
      return isObject(sel) && isObject(sel.matchLabels) ? (sel.matchLabels as Record<string, string>) : {};
    }
  }
}

function containersOf(obj: KubeObject): Record<string, unknown>[] {
  const spec = obj.kind === 'Pod' ? field(obj, 'spec') : field(obj, 'spec', 'template', 'spec');
  return (isObject(spec) ? asArray(spec.containers) : []).filter(isObject);
}

/** PortsForObject: container ports of the pod template, or the service's ports. */
function portsOf(obj: KubeObject): string[] {
  if (obj.kind === 'Service') return asArray(field(obj, 'spec', 'ports')).filter(isObject).map((p) => String(p.port));
  return containersOf(obj).flatMap((c) => asArray(c.ports).filter(isObject).map((p) => String(p.containerPort)));
}

function protocolsOf(obj: KubeObject): Map<string, string> {
  const list =
    obj.kind === 'Service'
      ? asArray(field(obj, 'spec', 'ports')).filter(isObject).map((p) => [String(p.port), str(p.protocol)] as const)
      : containersOf(obj).flatMap((c) => asArray(c.ports).filter(isObject).map((p) => [String(p.containerPort), str(p.protocol)] as const));
  return new Map(list);
}

function str(v: unknown): string {
  return typeof v === 'string' && v ? v : 'TCP';
}
