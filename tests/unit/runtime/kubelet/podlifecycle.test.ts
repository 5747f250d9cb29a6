import { describe, expect, it } from 'vitest';
import { field } from '../../../../src/runtime/api/types';
import { cluster, condition, containerStatus, events, phase, pod, runPod } from './helpers';

describe('kubelet: a pod from Pending to Running', () => {
  it('goes ContainerCreating → Running with Pulling, Pulled, Created, Started', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } });
    c.clock.drain();
    if (!field(pod(c, 'web'), 'spec', 'nodeName')) c.api.bind('default', 'web', 'worker-1');
    c.clock.drain();
    const node = String(field(pod(c, 'web'), 'spec', 'nodeName'));
    expect(phase(c, 'web')).toBe('Pending');
    expect(containerStatus(c, 'web')).toEqual({ image: 'nginx', imageID: '', lastState: {}, name: 'nginx', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } } });
    expect(condition(c, 'Ready', 'web')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [nginx]' });
    expect(field(pod(c, 'web'), 'status', 'hostIP')).toMatch(/^10\.140\.0\.\d+$/);

    c.advance(10_000);
    const p = pod(c, 'web');
    expect(phase(c, 'web')).toBe('Running');
    const cs = containerStatus(c, 'web');
    expect(cs).toMatchObject({ image: 'docker.io/library/nginx:latest', name: 'nginx', ready: true, restartCount: 0, started: true });
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(Object.keys(field(cs, 'state') as object)).toEqual(['running']);
    expect(field(p, 'status', 'podIP')).toMatch(/^10\.40\.\d+\.\d+$/);
    expect(field(p, 'status', 'podIPs')).toEqual([{ ip: field(p, 'status', 'podIP') }]);
    expect(field(p, 'status', 'qosClass')).toBe('BestEffort');
    const types = (field(p, 'status', 'conditions') as { type: string; status: string }[]).map((x) => `${x.type}=${x.status}`);
    expect(types).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
    const ev = events(c, 'web').filter((e) => e.reason !== 'Scheduled');
    expect(ev.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(ev[0].message).toBe('Pulling image "nginx"');
    expect(ev[1].message).toMatch(/^Successfully pulled image "nginx" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.$/);
    expect(ev[2].message).toBe('Created container: nginx');
    expect(ev[3].message).toBe('Started container nginx');
    expect(c.kubelet.podState('default', 'web')).toMatchObject({ node, state: 'syncing', containers: [{ name: 'nginx', state: 'running.up', restartCount: 0 }] });
  });

  it('finds a pulled image already present the second time (IfNotPresent)', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }, 'a');
    c.advance(10_000);
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx:1.14.2' }] }, 'b');
    c.advance(2_000);
    expect(phase(c, 'b')).toBe('Running');
    expect(events(c, 'b').map((e) => `${e.reason}: ${e.message}`)).toEqual([
      'Pulled: Container image "nginx:1.14.2" already present on machine',
      'Created: Created container: nginx',
      'Started: Started container nginx',
    ]);
    expect(c.kubelet.nodeState('worker-1')?.images).toContain('docker.io/library/nginx:1.14.2');
  });

  it('no kubelet runs a pod bound to a node that does not exist: it stays Pending', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'nginx', image: 'nginx' }] }, 'p', 'no-such-node');
    c.advance(10_000);
    expect(phase(c)).toBe('Pending');
    expect(field(pod(c), 'status', 'containerStatuses')).toBeUndefined();
  });

  it('`echo hi` completes: Succeeded, Completed exit 0, log "hi"', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo hi'] }] });
    c.settle();
    expect(phase(c)).toBe('Succeeded');
    expect(field(containerStatus(c), 'state', 'terminated')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(condition(c, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    expect(condition(c, 'Initialized')).toMatchObject({ status: 'True', reason: 'PodCompleted' });
    expect(condition(c, 'PodReadyToStartContainers')).toMatchObject({ status: 'False' });
    expect(c.kubelet.logs('default', 'p').map((l) => l.text)).toEqual(['hi']);
  });

  it('Never-restart pods with a failing command end Failed with reason Error and the exit code', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo boom; exit 3'] }] });
    c.settle();
    expect(phase(c)).toBe('Failed');
    expect(field(containerStatus(c), 'state', 'terminated')).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(condition(c, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' });
  });

  it('runs the env and printenv one-liners with the pod environment', () => {
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { MODE: 'demo' } });
    runPod(c, {
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'printenv GREETING MY_NODE MODE'], env: [{ name: 'GREETING', value: 'hello' }, { name: 'MY_NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }], envFrom: [{ configMapRef: { name: 'cfg' } }] }],
    });
    c.settle();
    expect(c.kubelet.logs('default', 'p').map((l) => l.text)).toEqual(['hello', 'worker-1', 'demo']);
  });

  it('keeps writing loop output with simulated timestamps', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'c', image: 'busybox:1.36', command: ['/bin/sh'], args: ['-c', 'while true; do echo hello from cnt01; sleep 10;done'] }] });
    c.advance(35_000);
    const lines = c.kubelet.logs('default', 'p');
    expect(lines.map((l) => l.text)).toEqual(['hello from cnt01', 'hello from cnt01', 'hello from cnt01', 'hello from cnt01']);
    expect(lines[1].t - lines[0].t).toBe(10_000);
    expect(phase(c)).toBe('Running');
  });
});
