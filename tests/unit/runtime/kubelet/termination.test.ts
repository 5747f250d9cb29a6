import { describe, expect, it } from 'vitest';
import { field } from '../../../../src/runtime/api/types';
import { cluster, containerStatus, events, pod, runPod } from './helpers';

describe('kubelet: graceful termination', () => {
  it('stops a server at once on SIGTERM and deletes the pod', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] });
    c.advance(10_000);
    c.api.delete('pods', 'p', { namespace: 'default' });
    c.clock.drain();
    expect(pod(c).metadata.deletionTimestamp).toBeDefined();
    expect(events(c).find((e) => e.reason === 'Killing')).toMatchObject({ type: 'Normal', message: 'Stopping container nginx' });
    c.advance(1_000);
    expect(c.api.tryGet('pods', 'p', 'default')).toBeUndefined();
  });

  it('lets `sleep` ignore SIGTERM: the pod goes only when the grace period ends', () => {
    const c = cluster();
    let last: Record<string, unknown> | undefined;
    c.api.watch('pods', {}, (e) => {
      if (e.object.metadata.name === 'p' && e.type !== 'DELETED') last = e.object.status as Record<string, unknown>;
    });
    runPod(c, { terminationGracePeriodSeconds: 20, containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 3600'] }] });
    c.advance(10_000);
    c.api.delete('pods', 'p', { namespace: 'default' });
    c.advance(19_000);
    expect(pod(c).metadata.deletionTimestamp).toBeDefined();
    expect(field(containerStatus(c), 'state', 'running')).toBeDefined();
    c.advance(1_500);
    expect(c.api.tryGet('pods', 'p', 'default')).toBeUndefined();
    // The kubelet's last status before the delete: killed by SIGKILL, pod Failed.
    expect(last?.phase).toBe('Failed');
    expect(JSON.stringify(last)).toContain('"exitCode":137');
  });

  it('honours a shorter grace period given on delete', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sleep', '3600'] }] });
    c.advance(10_000);
    c.api.delete('pods', 'p', { namespace: 'default', gracePeriodSeconds: 5 });
    c.advance(4_000);
    expect(c.api.tryGet('pods', 'p', 'default')).toBeDefined();
    c.advance(1_500);
    expect(c.api.tryGet('pods', 'p', 'default')).toBeUndefined();
  });
});

describe('kubelet: node heartbeat and power', () => {
  it('renews its Lease every 10 s and stops when powered off; power on restores Ready', () => {
    const c = cluster();
    const renew = (): string => String(field(c.api.get('leases', 'worker-2', 'kube-node-lease'), 'spec', 'renewTime'));
    expect(c.api.get('leases', 'worker-2', 'kube-node-lease').spec).toMatchObject({ holderIdentity: 'worker-2', leaseDurationSeconds: 40 });
    c.advance(10_000);
    expect(renew()).toBe('2026-01-01T00:00:10.000000Z');
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }, 'p', 'worker-2');
    c.advance(10_000);
    const firstIP = field(pod(c), 'status', 'podIP');
    c.hosts.powerOff('worker-2');
    expect(c.hosts.list().find((h) => h.name === 'worker-2')?.poweredOn).toBe(false);
    const frozen = renew();
    c.advance(60_000);
    expect(renew()).toBe(frozen);
    c.hosts.powerOn('worker-2');
    c.clock.drain();
    expect(renew()).not.toBe(frozen);
    const ready = (field(c.api.get('nodes', 'worker-2'), 'status', 'conditions') as { type: string; status: string }[]).find((x) => x.type === 'Ready');
    expect(ready?.status).toBe('True');
    c.advance(5_000);
    // After the reboot the container is recreated in a new sandbox: restartCount 1, last state Unknown/255.
    const cs = containerStatus(c);
    expect(cs.restartCount).toBe(1);
    expect(field(cs, 'lastState', 'terminated')).toMatchObject({ exitCode: 255, reason: 'Unknown' });
    expect(field(cs, 'state', 'running')).toBeDefined();
    expect(field(pod(c), 'status', 'podIP')).not.toBe(firstIP);
    expect(events(c).map((e) => e.reason)).toContain('SandboxChanged');
    const nodeEvents = c.api.list('events', { namespace: 'default' }).items.filter((e) => field(e, 'involvedObject', 'name') === 'worker-2').map((e) => String(e.reason));
    expect(nodeEvents.filter((r) => r === 'Starting')).toHaveLength(1);
    expect(nodeEvents).toContain('Rebooted');
  });

  it('cleans up pods deleted while the node was off once it is back', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }, 'p', 'worker-3');
    c.advance(10_000);
    c.hosts.powerOff('worker-3');
    c.api.delete('pods', 'p', { namespace: 'default' });
    c.advance(120_000);
    expect(c.api.tryGet('pods', 'p', 'default')?.metadata.deletionTimestamp).toBeDefined();
    c.hosts.powerOn('worker-3');
    c.advance(1_000);
    expect(c.api.tryGet('pods', 'p', 'default')).toBeUndefined();
  });

  it('adds a host that registers a Ready node', () => {
    const c = cluster();
    c.hosts.add({ name: 'worker-4', role: 'worker', cpu: '8', memory: '16Gi' });
    c.clock.drain();
    const node = c.api.get('nodes', 'worker-4');
    expect(field(node, 'status', 'capacity', 'cpu')).toBe('8');
    expect(field(node, 'status', 'addresses')).toEqual([{ type: 'InternalIP', address: '10.140.0.14' }, { type: 'Hostname', address: 'worker-4' }]);
    expect(c.kubelet.nodeState('worker-4')).toMatchObject({ poweredOn: true, pods: 0 });
  });
});
