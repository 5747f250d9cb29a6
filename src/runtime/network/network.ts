// The cluster's network as one object, `cluster.network`: the DNS (CoreDNS's
// answers), kube-proxy's rules per node, the node and router routing tables,
// packet traces and request distribution. It reads the API like the real
// components do, plus what only the kubelets know: which hosts are powered on
// and which ports each container's process listens on.
import type { ApiServer } from '../api/apiserver';
import type { Clock } from '../clock';
import { routeThroughIngressNginx } from '../controllers/ingressnginx';
import type { Hosts } from '../kubelet/hosts';
import { PureMachine } from '../kubelet/machine';
import { ClusterDNS } from './dns';
import { KubeProxy } from './kubeproxy';
import { evaluateNetworkPolicies } from './networkpolicy';
import { NodeRoutes } from './routes';
import { Tracer, type HostView, type TraceOptions, type TraceResult } from './trace';
import { sendRequests, type TrafficOptions, type TrafficResult } from './traffic';

export interface ClusterNetwork {
  /** Follow one new connection hop by hop, e.g. trace('pod/client', 'svc/web'), trace('client', 'http://shop.example.com/cart'). */
  trace(from: string, to: string, opts?: TraceOptions): TraceResult;
  /** Send n requests and count where they land, per pod. */
  sendRequests(target: string, n: number, opts?: TrafficOptions): TrafficResult;
  readonly dns: ClusterDNS;
  readonly proxy: KubeProxy;
  readonly routes: NodeRoutes;
}

/** The kubelets' side of a trace: power, pod sandboxes, and listening sockets. */
export function hostView(hosts: Hosts): HostView {
  const poweredOn = (node: string): boolean => hosts.nodeState(node)?.poweredOn ?? true;
  return {
    poweredOn,
    pod: (namespace, name) => {
      const state = hosts.podState(namespace, name);
      if (!state) return undefined;
      const rec = hosts.kubelet(state.node).record(namespace, name);
      if (!rec) return undefined;
      const running = (rec.state === 'syncing' || rec.state === 'terminating') && rec.sandboxReady && poweredOn(state.node);
      // Only a running process listens; containerPort in the spec is informational, as in Kubernetes.
      const listeners = rec.containers
        .filter((c) => PureMachine.within(c.state, 'running'))
        .map((c) => ({ container: c.name, ports: c.program?.serves ?? [] }))
        .filter((l) => l.ports.length > 0);
      return { running, listeners };
    },
  };
}

export function createClusterNetwork(api: ApiServer, clock: Clock, hosts: Hosts): ClusterNetwork {
  const view = hostView(hosts);
  const routes = new NodeRoutes(api, (node) => view.poweredOn(node));
  const proxy = new KubeProxy(api, clock, routes);
  const dns = new ClusterDNS(api);
  const tracer = new Tracer({ api, clock, proxy, routes, hosts: view, dns, policy: evaluateNetworkPolicies, ingress: (req) => routeThroughIngressNginx(api, req) });
  return {
    trace: (from, to, opts) => tracer.trace(from, to, opts),
    sendRequests: (target, n, opts) => sendRequests(tracer, target, n, opts),
    dns,
    proxy,
    routes,
  };
}
