import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { field } from '../../../../src/runtime/api/types';
import { cluster, condition, containerStatus, events, phase, pod, runPod } from './helpers';

describe('kubelet: probes', () => {
  it('runs the exec-liveness example as the docs describe: failures from ~35 s, then a restart', () => {
    const c = cluster();
    const yaml = readFileSync('/work/shared/fixtures/k8s-examples/pods/probe/exec-liveness.yaml', 'utf8').replace('spec:\n', 'spec:\n  nodeName: worker-1\n');
    c.apply(yaml);
    c.advance(30_000);
    expect(events(c, 'liveness-exec').filter((e) => e.reason === 'Unhealthy')).toEqual([]);
    c.advance(15_000);
    const unhealthy = events(c, 'liveness-exec').find((e) => e.reason === 'Unhealthy');
    expect(unhealthy).toMatchObject({ type: 'Warning', message: "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory", count: 3 });
    expect(events(c, 'liveness-exec').find((e) => e.reason === 'Killing')?.message).toBe('Container liveness failed liveness probe, will be restarted');
    // sh as PID 1 ignores SIGTERM: the container is killed when the 30 s grace period ends.
    c.advance(40_000);
    const cs = containerStatus(c, 'liveness-exec');
    expect(cs.restartCount).toBe(1);
    expect(field(cs, 'lastState', 'terminated')).toMatchObject({ exitCode: 137, reason: 'Error' });
    expect(field(cs, 'state', 'running')).toBeDefined();
  });

  it('keeps Ready False while a readiness probe fails (wrong port), without restarting', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2', readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 5 } }] });
    c.advance(60_000);
    expect(phase(c)).toBe('Running');
    expect(condition(c, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [web]' });
    expect(containerStatus(c)).toMatchObject({ ready: false, started: true, restartCount: 0 });
    const ip = String(field(pod(c), 'status', 'podIP'));
    expect(events(c).find((e) => e.reason === 'Unhealthy')?.message).toBe(`Readiness probe failed: Get "http://${ip}:8080/": dial tcp ${ip}:8080: connect: connection refused`);
  });

  it('turns Ready True after a passing readiness probe and its initial delay', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2', ports: [{ name: 'http', containerPort: 80 }], readinessProbe: { httpGet: { path: '/', port: 'http' }, initialDelaySeconds: 5 } }] });
    c.advance(6_000);
    expect(condition(c, 'Ready')?.status).toBe('False');
    c.advance(4_000);
    expect(condition(c, 'Ready')?.status).toBe('True');
  });

  it('restarts on an HTTP liveness failure (404 on a missing path)', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2', livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 3, failureThreshold: 2 } }] });
    c.advance(12_000);
    expect(events(c).find((e) => e.reason === 'Unhealthy')?.message).toBe('Liveness probe failed: HTTP probe failed with statuscode: 404');
    expect(containerStatus(c).restartCount).toBe(1);
    // nginx exits 0 on SIGTERM.
    expect(field(containerStatus(c), 'lastState', 'terminated')).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});

describe('kubelet: init containers', () => {
  it('shows Init:0/1 shapes while the init container runs, then starts the app', () => {
    const c = cluster();
    runPod(c, {
      initContainers: [{ name: 'init-myservice', image: 'busybox:1.36', command: ['sh', '-c', 'echo waiting; sleep 20'] }],
      containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo The app is running! && sleep 3600'] }],
    });
    c.advance(5_000);
    expect(phase(c)).toBe('Pending');
    expect(containerStatus(c, 'p', 0, true)).toMatchObject({ name: 'init-myservice', ready: false, started: true, state: { running: {} } });
    expect(containerStatus(c)).toMatchObject({ name: 'app', state: { waiting: { reason: 'PodInitializing' } } });
    expect(condition(c, 'Initialized')).toMatchObject({ status: 'False', reason: 'ContainersNotInitialized', message: 'containers with incomplete status: [init-myservice]' });
    c.advance(20_000);
    expect(field(containerStatus(c, 'p', 0, true), 'state', 'terminated')).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(containerStatus(c, 'p', 0, true).ready).toBe(true);
    expect(condition(c, 'Initialized')?.status).toBe('True');
    expect(phase(c)).toBe('Running');
    expect(c.kubelet.logs('default', 'p', 'app').map((l) => l.text)).toEqual(['The app is running!']);
  });

  it('fails the pod when an init container fails and restartPolicy is Never', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['false'] }], containers: [{ name: 'app', image: 'busybox:1.36', command: ['sleep', '10'] }] });
    c.settle();
    expect(phase(c)).toBe('Failed');
    expect(field(containerStatus(c, 'p', 0, true), 'state', 'terminated')).toMatchObject({ exitCode: 1, reason: 'Error' });
  });

  it('starts a sidecar (restartPolicy Always init container) and keeps it running', () => {
    const c = cluster();
    runPod(c, { initContainers: [{ name: 'log', image: 'busybox:1.36', restartPolicy: 'Always', command: ['sh', '-c', 'tail -f /dev/null'] }], containers: [{ name: 'app', image: 'nginx:1.14.2' }] });
    c.advance(10_000);
    expect(phase(c)).toBe('Running');
    expect(containerStatus(c, 'p', 0, true)).toMatchObject({ name: 'log', started: true, ready: true, state: { running: {} } });
    expect(condition(c, 'Ready')?.status).toBe('True');
  });
});

describe('kubelet: resources', () => {
  it('OOM-kills a container that allocates past its memory limit, and restarts it', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'memory-demo-2-ctr', image: 'polinux/stress', resources: { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } }, command: ['stress'], args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'] }] });
    c.advance(8_000);
    const cs = containerStatus(c);
    const last = field(cs, 'lastState', 'terminated') ?? field(cs, 'state', 'terminated');
    expect(last).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
  });

  it('reports usage to the metrics registry every 15 s, capped at the CPU limit, and takes a set load', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'cpu-demo-ctr', image: 'vish/stress', resources: { limits: { cpu: '1' }, requests: { cpu: '0.5' } }, args: ['-cpus', '2'] }] }, 'stress');
    runPod(c, { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] }, 'php');
    c.advance(16_000);
    expect(c.metrics.pod('default', 'stress')?.containers[0].cpu).toBe(1000);
    expect(c.metrics.pod('default', 'php')?.containers[0].cpu).toBeLessThan(10);
    c.kubelet.setLoad('default', 'php', 350);
    c.advance(15_000);
    expect(c.metrics.pod('default', 'php')?.containers[0]).toMatchObject({ name: 'php-apache', cpu: 350 });
  });
});
