// `kubectl autoscale deployment web --min=2 --max=10 --cpu=80%` (kubectl
// pkg/cmd/autoscale): an autoscaling/v2 HorizontalPodAutoscaler targeting
// the object — roughly what vSphere DRS would be if it cloned VMs under load.
import { canonical } from '../../runtime/api/quantity';
import type { KubeObject } from '../../runtime/api/types';
import { apiVersionOf } from '../../runtime/api/resources';
import { KubectlError, OutputCollector } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { CREATE_COMMON_FLAGS, stripUndefined } from './create';
import { dryRunMode, objectPrinter } from './output';
import { hasScaleSubresource } from './scale';
import { findTargets } from './targets';
import { FILENAME_FLAGS } from '../manifests';

export const autoscaleCommand: Command = {
  name: 'autoscale',
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  flags: [
    ...FILENAME_FLAGS,
    ...CREATE_COMMON_FLAGS.filter((f) => f.name !== 'validate').map((f) => (f.name === 'field-manager' ? { ...f, default: 'kubectl-autoscale' } : f)),
    { name: 'min', type: 'int', default: -1 },
    { name: 'max', type: 'int', default: -1 },
    { name: 'cpu-percent', type: 'int', default: -1 },
    { name: 'cpu', type: 'string' },
    { name: 'memory', type: 'string' },
    { name: 'name', type: 'string' },
  ],
  run: autoscale,
};

type Target = { type: 'Utilization'; averageUtilization: number } | { type: 'AverageValue'; averageValue: string };

/** parseResourceInput: `70%` is utilization; a quantity (or a bare number in m / Mi) is an average value. */
function parseTarget(input: string, resource: 'cpu' | 'memory'): Target {
  const s = input.trim();
  if (s === '') throw new KubectlError('empty input');
  if (s.endsWith('%')) {
    const n = s.slice(0, -1);
    if (!/^[+-]?[0-9]+$/.test(n) || Number(n) < 0 || Number(n) > 2147483647) throw new KubectlError(`invalid percentage value: ${n}`);
    return { type: 'Utilization', averageUtilization: Number(n) };
  }
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) {
    const q = canonical(`${Number(s)}${resource === 'cpu' ? 'm' : 'Mi'}`);
    if (q !== undefined) return { type: 'AverageValue', averageValue: q };
  }
  const q = canonical(s);
  if (q === undefined) throw new KubectlError(`invalid resource ${resource} value: ${input}`);
  return { type: 'AverageValue', averageValue: q };
}

function autoscale(ctx: CommandContext): KubectlResult {
  const stderr: string[] = [];
  if (!ctx.flags.has('max')) throw new KubectlError('required flag(s) "max" not set');
  if (ctx.flags.has('cpu-percent')) stderr.push("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n");
  const min = ctx.flags.int('min');
  const max = ctx.flags.int('max');
  const cpuPercent = ctx.flags.int('cpu-percent');
  const cpu = ctx.flags.string('cpu');
  const memory = ctx.flags.string('memory');
  const { mode, warning } = dryRunMode(ctx);
  if (max < 1) throw new KubectlError(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) throw new KubectlError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  if (cpuPercent > 0 && cpu !== '') throw new KubectlError('--cpu-percent and --cpu are mutually exclusive');
  if (cpu) parseTarget(cpu, 'cpu');
  if (memory) parseTarget(memory, 'memory');
  const printer = objectPrinter(ctx, mode, { typed: true });
  const out = new OutputCollector();
  out.stderr += stderr.join('') + warning;
  const { found, errors } = findTargets(ctx, ctx.args, out, 'You must provide one or more resources by argument or filename.');
  for (const f of found) {
    try {
      if (!hasScaleSubresource(f.type)) {
        throw new KubectlError(`cannot autoscale a ${f.type.kind}: could not find scale subresource for ${f.type.group}/${f.type.version}, Resource=${f.type.resource} in discovery information`);
      }
      let hpa = buildHPA(ctx, f.object, apiVersionOf(f.type), { min, max, cpuPercent, cpu, memory });
      let op = 'created';
      if (mode !== 'client') {
        hpa = ctx.env.cluster.api.create(stripUndefined(hpa), { namespace: f.object.metadata.namespace, dryRun: mode === 'server', fieldValidation: 'Strict' });
        op = 'autoscaled';
      }
      out.stdout += printer.print(hpa, op);
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  if (found.length === 0 && errors.length === 0) throw new KubectlError('no objects passed to autoscale');
  ctx.env.cluster.clock.drain();
  return out.result();
}

interface Limits {
  min: number;
  max: number;
  cpuPercent: number;
  cpu: string;
  memory: string;
}

/** createHorizontalPodAutoscalerV2, in the Go struct's field order. */
function buildHPA(ctx: CommandContext, target: KubeObject, apiVersion: string, l: Limits): KubeObject {
  const refName = target.metadata.name ?? '';
  const metrics: Record<string, unknown>[] = [];
  const resourceMetric = (name: string, t: Target): Record<string, unknown> => ({ type: 'Resource', resource: { name, target: t } });
  if (l.cpuPercent > 0) metrics.push(resourceMetric('cpu', { type: 'Utilization', averageUtilization: l.cpuPercent }));
  if (l.cpu) metrics.push(resourceMetric('cpu', parseTarget(l.cpu, 'cpu')));
  if (l.memory) metrics.push(resourceMetric('memory', parseTarget(l.memory, 'memory')));
  const spec: Record<string, unknown> = { scaleTargetRef: { kind: target.kind, name: refName, apiVersion } };
  if (l.min > 0) spec.minReplicas = l.min;
  spec.maxReplicas = l.max;
  if (metrics.length) spec.metrics = metrics;
  const metadata: KubeObject['metadata'] = { name: ctx.flags.string('name') || refName };
  return { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', metadata, spec, status: { desiredReplicas: 0 } };
}
