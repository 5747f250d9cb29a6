// Node routing as the comparison articles draw it: each node's table (its
// pod subnet on cbr0, the default route to the upstream router), and the
// router's static route per node from spec.podCIDR and the InternalIP.
import { describe, expect, it } from 'vitest';
import { DEFAULT_NODES, createCluster } from '../../../../src/runtime/cluster';
import { NodeRoutes } from '../../../../src/runtime/network/routes';
import { bareControlPlane, registerNode } from '../controlplane';

function routesWith(poweredOff: string[] = []): NodeRoutes {
  const { api, clock } = bareControlPlane();
  DEFAULT_NODES.forEach((spec, i) => registerNode(api, spec, i, { machineID: `m${i}`, systemUUID: `U${i}`, bootID: `b${i}` }));
  clock.drain();
  return new NodeRoutes(api, (node) => !poweredOff.includes(node));
}

describe('node routing tables', () => {
  it('puts the pod subnet on cbr0 and the default route via the upstream router', () => {
    const t = routesWith().table('worker-1');
    expect(t?.routes.map((r) => r.text)).toEqual([
      'default via 10.140.0.1 dev eth0 proto static',
      '10.40.1.0/24 dev cbr0 proto kernel scope link src 10.40.1.1',
      '10.140.0.0/24 dev eth0 proto kernel scope link src 10.140.0.11',
    ]);
    expect(t).toMatchObject({ node: 'worker-1', ip: '10.140.0.11', ipForward: true, bridge: { device: 'cbr0', ip: '10.40.1.1', cidr: '10.40.1.0/24' } });
    expect(routesWith().table('worker-2')?.routes[1].text).toBe('10.40.2.0/24 dev cbr0 proto kernel scope link src 10.40.2.1');
  });

  it('chooses routes by longest prefix', () => {
    const r = routesWith();
    expect(r.nodeRoute('worker-1', '10.40.1.7')?.device).toBe('cbr0');
    expect(r.nodeRoute('worker-1', '10.40.2.7')?.text).toBe('default via 10.140.0.1 dev eth0 proto static');
    expect(r.nodeRoute('worker-1', '10.140.0.12')?.text).toBe('10.140.0.0/24 dev eth0 proto kernel scope link src 10.140.0.11');
  });

  it('finds nodes by address and by pod subnet', () => {
    const r = routesWith();
    expect(r.nodeByIP('10.140.0.12')?.name).toBe('worker-2');
    expect(r.nodeByIP('10.40.3.1')?.name).toBe('worker-3');
    expect(r.nodeForPodIP('10.40.2.9')?.name).toBe('worker-2');
    expect(r.nodeForPodIP('10.96.0.1')).toBeUndefined();
  });
});

describe('the upstream router', () => {
  it('holds one static route per node, from spec.podCIDR via the InternalIP', () => {
    const router = routesWith().router();
    expect(router).toMatchObject({ name: 'upstream-router', ip: '10.140.0.1' });
    expect(router.routes.map((r) => r.text)).toEqual([
      '10.40.0.0/24 via 10.140.0.10',
      '10.40.1.0/24 via 10.140.0.11',
      '10.40.2.0/24 via 10.140.0.12',
      '10.40.3.0/24 via 10.140.0.13',
      '10.140.0.0/24 dev eth0 proto kernel scope link src 10.140.0.1',
      '192.168.10.0/24 dev eth1 proto kernel scope link src 192.168.10.1',
    ]);
  });

  it('forwards pod subnets to their node, and has no route for the service CIDR', () => {
    const r = routesWith();
    expect(r.routerRoute('10.40.1.10')).toMatchObject({ destination: '10.40.1.0/24', gateway: '10.140.0.11', node: 'worker-1', state: 'active' });
    expect(r.routerRoute('10.140.0.12')).toMatchObject({ destination: '10.140.0.0/24', device: 'eth0' });
    expect(r.routerRoute('10.96.0.10')).toBeUndefined();
  });

  it('black-holes the subnet of a powered-off node', () => {
    const r = routesWith(['worker-2']);
    expect(r.routerRoute('10.40.2.7')).toMatchObject({ gateway: '10.140.0.12', node: 'worker-2', state: 'blackhole' });
    expect(r.routerRoute('10.40.1.7')?.state).toBe('active');
    expect(r.table('worker-2')?.poweredOn).toBe(false);
  });

  it('follows the hosts of a running cluster', () => {
    const c = createCluster();
    expect(c.network.routes.routerRoute('10.40.3.4')?.state).toBe('active');
    c.hosts.powerOff('worker-3');
    expect(c.network.routes.routerRoute('10.40.3.4')?.state).toBe('blackhole');
    c.hosts.powerOn('worker-3');
    expect(c.network.routes.routerRoute('10.40.3.4')?.state).toBe('active');
    c.stop();
  });
});
