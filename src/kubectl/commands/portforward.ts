// kubectl port-forward: listen on the workstation and tunnel each connection
// through the apiserver and the kubelet into one pod. The sandbox has no
// workstation sockets: it checks the target and ports as kubectl does, prints
// the listening lines, and keeps running (a follow) until Ctrl-C or until the
// pod goes away.
import { asArray, field, isObject, type KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { Command, CommandContext, Follow, KubectlResult } from '../types';
import { usageError } from './logs';
import { firstPod, getTarget, type TargetObject } from './podfor';

export const portForwardCommand: Command = {
  name: 'port-forward',
  short: 'Forward one or more local ports to a pod',
  flags: [
    { name: 'address', type: 'stringSlice', default: ['localhost'] },
    { name: 'pod-running-timeout', type: 'duration', default: '1m0s' },
  ],
  run: runPortForward,
};

interface PortPair {
  local: string;
  remote: string;
}

function runPortForward(ctx: CommandContext): KubectlResult {
  const { args, env } = ctx;
  if (args.length < 2) throw usageError(ctx.path, 'TYPE/NAME and list of ports are required for port-forward');
  const target = getTarget(env, args[0], ctx.namespace);
  const { pod } = firstPod(env, target, 'attach', 'cannot attach to');
  const pairs = args.slice(1).map((spec) => splitPort(spec));
  const remotes = target.type.kind === 'Service' && !target.type.group ? servicePorts(target, pod, pairs) : pairs.map((p) => podPort(pod, p.remote));
  const phase = field(pod, 'status', 'phase');
  if (phase !== 'Running') throw new KubectlError(`unable to forward port because pod is not running. Current status=${typeof phase === 'string' ? phase : ''}`);
  // client-go's parsePorts, on the ports after named ports were translated.
  const resolved = pairs.map((p, i) => ({ local: p.local === '' ? 0 : parsePort(p.local, 'local'), remote: parsePort(String(remotes[i]), 'remote') }));
  if (resolved.some((p) => p.remote === 0)) throw new KubectlError('remote port must be > 0');

  const addresses = listenAddresses(ctx.flags.strings('address'));
  let stdout = '';
  for (const p of resolved) {
    // Port 0 asks the OS for a free ephemeral port.
    const local = p.local === 0 ? 32768 + Math.floor(env.cluster.clock.random() * 28232) : p.local;
    for (const a of addresses) stdout += `Forwarding from ${a}:${local} -> ${p.remote}\n`;
  }
  return { stdout, stderr: '', exitCode: 0, follow: untilPodGone(ctx, pod) };
}

/** `8080:80`, `80` (same port locally), `:80` (any free local port). */
function splitPort(spec: string): PortPair {
  const parts = spec.split(':');
  if (parts.length > 2) throw new KubectlError(`invalid port format '${spec}'`);
  return parts.length === 2 ? { local: parts[0], remote: parts[1] } : { local: spec, remote: spec };
}

/** strconv.ParseUint(s, 10, 16) with client-go's wording around it. */
function parsePort(text: string, which: 'local' | 'remote'): number {
  const fail = (why: string): KubectlError => new KubectlError(`error parsing ${which} port '${text}': strconv.ParseUint: parsing ${JSON.stringify(text)}: ${why}`);
  if (!/^\d+$/.test(text)) throw fail('invalid syntax');
  const n = Number(text);
  if (n > 65535) throw fail('value out of range');
  return n;
}

function containerPorts(pod: KubeObject): Record<string, unknown>[] {
  return asArray(field(pod, 'spec', 'containers')).filter(isObject).flatMap((c) => asArray(c.ports).filter(isObject));
}

/** convertPodNamedPortToNumber: a numeric port passes as is (kubectl does not check it), a name must be declared. */
function podPort(pod: KubeObject, remote: string): number {
  if (/^\d+$/.test(remote)) return Number(remote);
  const found = containerPorts(pod).find((p) => p.name === remote);
  if (!found) throw new KubectlError(`Pod '${pod.metadata.name ?? ''}' does not have a named port '${remote}'`);
  return Number(found.containerPort);
}

/** translateServicePortToTargetPort: the service port must exist; its targetPort (number or name) is what the pod gets. */
function servicePorts(target: TargetObject, pod: KubeObject, pairs: PortPair[]): number[] {
  const svc = target.object;
  const ports = asArray(field(svc, 'spec', 'ports')).filter(isObject);
  return pairs.map(({ remote }) => {
    const sp = /^\d+$/.test(remote) ? ports.find((p) => Number(p.port) === Number(remote)) : ports.find((p) => p.name === remote);
    if (!sp) throw new KubectlError(/^\d+$/.test(remote) ? `Service ${svc.metadata.name ?? ''} does not have a service port ${remote}` : `Service '${svc.metadata.name ?? ''}' does not have a named port '${remote}'`);
    const tp = sp.targetPort ?? sp.port;
    if (typeof tp === 'number' || /^\d+$/.test(String(tp))) return Number(tp);
    const named = containerPorts(pod).find((p) => p.name === tp);
    if (!named) throw new KubectlError(`Pod '${pod.metadata.name ?? ''}' does not have a named port '${String(tp)}'`);
    return Number(named.containerPort);
  });
}

/** --address: localhost means both loopbacks, as kubectl listens on each. */
function listenAddresses(values: string[]): string[] {
  const out: string[] = [];
  for (const v of values.length ? values : ['localhost']) {
    if (v === 'localhost') out.push('127.0.0.1', '[::1]');
    else if (/^\d+\.\d+\.\d+\.\d+$/.test(v)) out.push(v);
    else if (v.includes(':')) out.push(`[${v}]`);
    else throw new KubectlError(`${v} is not a valid IP`);
  }
  return out;
}

/** The tunnel lives as long as the pod: its deletion ends the command with kubectl's error. */
function untilPodGone(ctx: CommandContext, pod: KubeObject): Follow {
  return {
    start(write, done) {
      const api = ctx.env.cluster.api;
      let ended = false;
      const watch = api.watch('pods', { namespace: pod.metadata.namespace }, (e) => {
        if (ended || e.object.metadata.uid !== pod.metadata.uid) return;
        const gone = e.type === 'DELETED' || ['Succeeded', 'Failed'].includes(String(field(e.object, 'status', 'phase')));
        if (!gone) return;
        ended = true;
        write({ stderr: 'error: lost connection to pod\n' });
        watch.stop();
        done(1);
      });
      return () => {
        ended = true;
        watch.stop();
      };
    },
  };
}
