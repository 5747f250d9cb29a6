// kubectl cluster-info: the control plane endpoint, then every kube-system
// service labelled kubernetes.io/cluster-service=true through the apiserver
// proxy, in the green/yellow ANSI colours real kubectl writes even to a pipe.
import { asArray, field, isObject, type KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { Command, KubectlEnv, KubectlResult } from '../types';

const GREEN = '\x1b[0;32m';
const YELLOW = '\x1b[0;33m';
const RESET = '\x1b[0m';

/** https://<control-plane InternalIP>:6443, the server in the sandbox kubeconfig. */
export function apiServerURL(env: KubectlEnv): string {
  const nodes = env.cluster.api.list('nodes').items;
  const cp = nodes.find((n) => Object.keys(n.metadata.labels ?? {}).includes('node-role.kubernetes.io/control-plane')) ?? nodes[0];
  const ip = asArray(field(cp, 'status', 'addresses')).find((a) => field(a, 'type') === 'InternalIP');
  const address = field(ip, 'address');
  return `https://${typeof address === 'string' ? address : '127.0.0.1'}:6443`;
}

export const clusterInfoCommand: Command = {
  name: 'cluster-info',
  short: 'Display cluster information',
  subcommands: [
    {
      name: 'dump',
      short: 'Dump relevant information for debugging and diagnosis',
      run: () => {
        throw new KubectlError('cluster-info dump is not available in this sandbox; use kubectl get and kubectl describe');
      },
    },
  ],
  run(ctx): KubectlResult {
    if (ctx.args.length) throw new KubectlError(`unknown command ${JSON.stringify(ctx.args[0])} for "kubectl cluster-info"`);
    const host = apiServerURL(ctx.env);
    const namespace = ctx.namespaceExplicit ? ctx.namespace : 'kube-system';
    const services = ctx.env.cluster.api.list('services', { namespace, labelSelector: 'kubernetes.io/cluster-service=true' }).items;
    const lines = [line('Kubernetes control plane', host), ...services.map((s) => line(s.metadata.labels?.['kubernetes.io/name'] || (s.metadata.name ?? ''), serviceLink(s, host)))];
    return { stdout: `${lines.join('')}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`, stderr: '', exitCode: 0 };
  },
};

function line(name: string, link: string): string {
  return `${GREEN}${name}${RESET} is running at ${YELLOW}${link}${RESET}\n`;
}

function serviceLink(svc: KubeObject, host: string): string {
  const ingress = asArray(field(svc, 'status', 'loadBalancer', 'ingress'))[0];
  const ports = asArray(field(svc, 'spec', 'ports')).filter(isObject);
  if (isObject(ingress)) {
    const ip = typeof ingress.ip === 'string' && ingress.ip !== '' ? ingress.ip : typeof ingress.hostname === 'string' ? ingress.hostname : '';
    return ports.map((p) => `http://${ip}:${String(p.port)} `).join('');
  }
  let name = svc.metadata.name ?? '';
  const port = ports[0];
  if (port) {
    const scheme = port.name === 'https' || port.port === 443 ? 'https' : '';
    const portName = typeof port.name === 'string' ? port.name : '';
    // utilnet.JoinSchemeNamePort: a scheme needs all three segments; otherwise name[:port].
    name = scheme ? `${scheme}:${name}:${portName}` : portName ? `${name}:${portName}` : name;
  }
  return `${host}/api/v1/namespaces/${svc.metadata.namespace ?? ''}/services/${name}/proxy`;
}
