// kubectl exec: run a command in a container through the kubelet's exec
// stream. The pod and container are picked as kubectl picks them; the
// command runs in the sandbox's model of the container (src/kubectl/shell).
import { badRequest } from '../../runtime/api/errors';
import { field, isObject, asArray, type KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import { execInContainer } from '../shell/session';
import type { Command, CommandContext, KubectlResult } from '../types';
import { usageError } from './logs';
import { allContainerNames, containerNames, DEFAULT_CONTAINER_ANNOTATION, firstPod, getTarget } from './podfor';

export const execCommand: Command = {
  name: 'exec',
  short: 'Execute a command in a container',
  flags: [
    { name: 'container', short: 'c', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'stdin', short: 'i', type: 'bool' },
    { name: 'tty', short: 't', type: 'bool' },
    { name: 'quiet', short: 'q', type: 'bool' },
    { name: 'pod-running-timeout', type: 'duration', default: '1m0s' },
  ],
  run: runExec,
};

function runExec(ctx: CommandContext): KubectlResult {
  const { args, afterDash, flags, env } = ctx;
  if (afterDash === undefined && (args.length > 1 || (args.length > 0 && flags.strings('filename').length > 0))) {
    throw usageError(ctx.path, 'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead');
  }
  const resource = args[0];
  const command = afterDash ?? [];
  if (!resource && flags.strings('filename').length === 0) throw new KubectlError('pod, type/name or --filename must be specified');
  if (command.length === 0) throw new KubectlError('you must specify at least one command for the container');
  if (!resource) throw new KubectlError('exec -f is not supported in the sandbox: name the pod');

  const target = getTarget(env, resource, ctx.namespace);
  const { pod } = firstPod(env, target, 'attach', 'cannot attach to');
  const phase = field(pod, 'status', 'phase');
  if (phase === 'Succeeded' || phase === 'Failed') throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${String(phase)}`);

  let stderr = '';
  let name = flags.string('container');
  if (!name) {
    const chosen = defaultContainer(pod, flags.bool('quiet'));
    name = chosen.name;
    stderr += chosen.warning;
  }
  const container = [...asArray(field(pod, 'spec', 'containers')), ...asArray(field(pod, 'spec', 'initContainers')), ...asArray(field(pod, 'spec', 'ephemeralContainers'))]
    .filter(isObject)
    .find((c) => c.name === name);
  if (!container) throw badRequest(`container ${name} is not valid for pod ${pod.metadata.name ?? ''}`);
  checkReachable(env.cluster, pod, name);

  const tty = flags.bool('tty');
  const outcome = execInContainer({ cluster: env.cluster, pod, container, tty }, command, flags.bool('stdin'));
  if (outcome.kind === 'failed') return { stdout: '', stderr: `${stderr}error: ${outcome.message}\n`, exitCode: 1 };
  if (outcome.kind === 'session') return { stdout: '', stderr, exitCode: 0, session: outcome.session };
  const r = outcome.result;
  // With a TTY the remote stderr arrives on the same stream as stdout.
  const stdout = tty ? r.stdout + r.stderr : r.stdout;
  stderr += tty ? '' : r.stderr;
  if (r.code !== 0) stderr += `command terminated with exit code ${r.code}\n`;
  return { stdout, stderr, exitCode: r.code };
}

/** podcmd.FindOrDefaultContainerByName with no name given. */
function defaultContainer(pod: KubeObject, quiet: boolean): { name: string; warning: string } {
  const podName = pod.metadata.name ?? '';
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const all = [...containerNames(pod), ...containerNames(pod, 'ephemeralContainers'), ...containerNames(pod, 'initContainers')];
  if (annotated) {
    if (!all.includes(annotated)) throw new KubectlError(`container ${annotated} is not valid for pod ${podName} out of: ${allContainerNames(pod)}`);
    return { name: annotated, warning: '' };
  }
  const mains = containerNames(pod);
  if (mains.length === 0) throw new KubectlError(`pod ${pod.metadata.namespace ?? ''}/${podName} does not have any containers`);
  const others = mains.length > 1 || containerNames(pod, 'initContainers').length > 0 || containerNames(pod, 'ephemeralContainers').length > 0;
  return { name: mains[0], warning: !quiet && others ? `Defaulted container ${JSON.stringify(mains[0])} out of: ${allContainerNames(pod)}\n` : '' };
}

/** The apiserver needs a node to proxy to, and the kubelet a running container to exec in. */
function checkReachable(cluster: CommandContext['env']['cluster'], pod: KubeObject, container: string): void {
  const node = field(pod, 'spec', 'nodeName');
  if (typeof node !== 'string' || node === '') throw badRequest(`pod ${pod.metadata.name ?? ''} does not have a host assigned`);
  const host = cluster.hosts.list().find((h) => h.name === node);
  if (!host?.poweredOn) {
    const ip = asArray(field(cluster.api.tryGet('nodes', node), 'status', 'addresses')).filter(isObject).find((a) => a.type === 'InternalIP')?.address;
    throw new KubectlError(`Error from server: error dialing backend: dial tcp ${typeof ip === 'string' ? ip : node}:10250: connect: no route to host`, true);
  }
  const state = cluster.kubelet.podState(pod.metadata.namespace ?? 'default', pod.metadata.name ?? '');
  const c = state?.containers.find((x) => x.name === container);
  if (!c?.state.startsWith('running')) throw new KubectlError(`unable to upgrade connection: container not found (${JSON.stringify(container)})`);
}
