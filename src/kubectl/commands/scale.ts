// `kubectl scale --replicas=N TYPE NAME` (kubectl pkg/cmd/scale): sets
// spec.replicas through the scale subresource of Deployments, ReplicaSets,
// StatefulSets and ReplicationControllers. vSphere has no one-liner for this:
// there, more copies of a VM means cloning from a template.
import { StatusError } from '../../runtime/api/errors';
import type { ResourceType } from '../../runtime/api/resources';
import { field } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import { typeName } from '../objects';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets, SELECTION_FLAGS } from './targets';

export const scaleCommand: Command = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, or replication controller',
  flags: [
    ...SELECTION_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'replicas', type: 'int', default: 0 },
    { name: 'current-replicas', type: 'int', default: -1 },
    { name: 'resource-version', type: 'string' },
    { name: 'timeout', type: 'duration', default: '0s' },
  ],
  run: scale,
};

/** Kinds with a scale subresource (what the discovery-based scale resolver finds). */
export function hasScaleSubresource(t: ResourceType): boolean {
  return ['deployments', 'replicasets', 'statefulsets', 'replicationcontrollers'].includes(t.resource) && ['apps', ''].includes(t.group);
}

function scale(ctx: CommandContext): KubectlResult {
  if (!ctx.flags.has('replicas')) throw new KubectlError('required flag(s) "replicas" not set');
  const replicas = ctx.flags.int('replicas');
  const current = ctx.flags.int('current-replicas');
  if (replicas < 0) throw new KubectlError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (current < -1) throw new KubectlError('The --current-replicas must specify an integer of -1 or greater');
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode);
  const out = new OutputCollector();
  out.stderr += warning;
  const { found, errors } = findTargets(ctx, ctx.args, out, 'You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  const rv = ctx.flags.string('resource-version');
  if (rv && found.length + errors.length > 1) throw new KubectlError('cannot use --resource-version with multiple resources');
  if (found.length === 0 && errors.length === 0) throw new KubectlError('no objects passed to scale');
  for (const f of found) {
    try {
      if (!hasScaleSubresource(f.type)) throw new StatusError('NotFound', 'the server could not find the requested resource');
      const actual = Number(field(f.object, 'spec', 'replicas') ?? 1);
      if (current !== -1 && current !== actual) throw new KubectlError(`Expected replicas to be ${current}, was ${actual}`);
      if (rv && rv !== f.object.metadata.resourceVersion) {
        throw new StatusError('Conflict', `Operation cannot be fulfilled on ${f.type.resource}${f.type.group ? `.${f.type.group}` : ''} "${f.object.metadata.name ?? ''}": the object has been modified; please apply your changes to the latest version and try again`);
      }
      const result =
        mode === 'client'
          ? { ...f.object, spec: { ...(f.object.spec as object), replicas } }
          : ctx.env.cluster.api.patch(typeName(f.type), f.object.metadata.name ?? '', { spec: { replicas } }, { namespace: f.object.metadata.namespace, patchType: 'merge', dryRun: mode === 'server' });
      out.stdout += printer.print(result, 'scaled');
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}
