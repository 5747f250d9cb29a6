// `kubectl run NAME --image=IMAGE [--port] [--env] [--labels] [--restart]
// [--command] [--expose] -- …` (kubectl pkg/cmd/run): create one Pod — the
// closest kubectl gets to "New-VM" for a single machine with no controller
// watching over it.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import { checkRequired, usageError } from '../generators/generator';
import { buildRunPod, goAtoi } from '../generators/pod';
import type { Command, CommandContext, KubectlResult } from '../types';
import { CREATE_COMMON_FLAGS, stripUndefined } from './create';
import { dryRunMode, objectPrinter } from './output';

export const runCommand: Command = {
  name: 'run',
  short: 'Run a particular image on the cluster',
  flags: [
    ...CREATE_COMMON_FLAGS.map((f) => (f.name === 'field-manager' ? { ...f, default: 'kubectl-run' } : f)),
    { name: 'image', type: 'string' },
    { name: 'port', type: 'string' },
    { name: 'env', type: 'stringArray' },
    { name: 'labels', short: 'l', type: 'string' },
    { name: 'annotations', type: 'stringArray' },
    { name: 'restart', type: 'string', default: 'Always' },
    { name: 'command', type: 'bool' },
    { name: 'expose', type: 'bool' },
    { name: 'image-pull-policy', type: 'string' },
    { name: 'overrides', type: 'string' },
    { name: 'privileged', type: 'bool' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'attach', type: 'bool' },
    { name: 'rm', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'leave-stdin-open', type: 'bool' },
    { name: 'pod-running-timeout', type: 'duration', default: '1m0s' },
  ],
  run: runPod,
};

function runPod(ctx: CommandContext): KubectlResult {
  checkRequired(ctx, ['image']);
  if (ctx.args.length === 0) throw usageError(ctx, 'NAME is required for run');
  const name = ctx.args[0];
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { typed: true });
  if (ctx.flags.bool('expose') && ctx.flags.string('port') === '') throw usageError(ctx, '--port must be set when exposing a service');
  if (ctx.flags.bool('stdin') || ctx.flags.bool('tty') || ctx.flags.bool('attach') || ctx.flags.bool('rm')) {
    throw new KubectlError('attaching to a new pod (-i, -t, --attach, --rm) is not simulated in PodSphere: run the pod, then use `kubectl exec -it POD -- sh`');
  }
  if (ctx.flags.string('overrides')) throw new KubectlError('--overrides is not supported in PodSphere: write the Pod as YAML and apply it');
  const pod = buildRunPod(ctx, name);
  let out = '';
  if (ctx.flags.bool('expose')) out += printer.print(create(ctx, mode, exposedService(ctx, name, pod)), 'created');
  out += printer.print(create(ctx, mode, pod), 'created');
  return { stdout: out, stderr: warning, exitCode: 0 };
}

function create(ctx: CommandContext, mode: string, obj: KubeObject): KubeObject {
  if (mode === 'client') return obj;
  return ctx.env.cluster.api.create(stripUndefined(obj), { namespace: ctx.namespace, dryRun: mode === 'server', fieldValidation: 'Strict' });
}

/** --expose: a ClusterIP Service on --port selecting the pod's labels. */
function exposedService(ctx: CommandContext, name: string, pod: KubeObject): KubeObject {
  const port = goAtoi(ctx.flags.string('port'));
  const metadata: KubeObject['metadata'] = { name };
  if (ctx.namespaceExplicit) metadata.namespace = ctx.namespace;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata,
    spec: { ports: [{ protocol: 'TCP', port, targetPort: port }], selector: { ...pod.metadata.labels } },
    status: { loadBalancer: {} },
  };
}
