import { describe, expect, it } from 'vitest';
import { field } from '../../../../src/runtime/api/types';
import { cluster, containerStatus, events, phase, pod, runPod } from './helpers';

const runcError = (what: string): string =>
  `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: ${what}: unknown`;
const notInPath = (cmd: string): string => runcError(`"${cmd}": executable file not found in $PATH`);

describe('kubelet: a command missing from the image', () => {
  it('is created but never started: Failed event, StartError 128 with the zero start time', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['slep', '3600'] }] });
    c.advance(3_000);
    expect(events(c).map((e) => `${e.type} ${e.reason}`).slice(-3)).toEqual(['Normal Pulled', 'Normal Created', 'Warning Failed']);
    expect(events(c).at(-1)).toMatchObject({ type: 'Warning', reason: 'Failed', message: `Error: ${notInPath('slep')}` });
    const cs = containerStatus(c);
    expect(field(cs, 'state', 'terminated')).toMatchObject({ exitCode: 128, reason: 'StartError', message: notInPath('slep'), startedAt: '1970-01-01T00:00:00Z' });
    expect(cs).toMatchObject({ ready: false, started: false, restartCount: 0, lastState: {} });
    expect(phase(c)).toBe('Failed');
    expect(c.kubelet.logs('default', 'p', 'app', {})).toEqual([]);
  });

  it('waits as RunContainerError, then backs off into CrashLoopBackOff', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Always', containers: [{ name: 'web', image: 'busybox:1.36', command: ['sleeep', '3600'] }] });
    const uid = pod(c).metadata.uid ?? '';
    c.advance(2_500);
    const waiting = containerStatus(c);
    expect(field(waiting, 'state', 'waiting')).toEqual({ reason: 'RunContainerError', message: notInPath('sleeep') });
    expect(field(waiting, 'lastState', 'terminated')).toMatchObject({ exitCode: 128, reason: 'StartError' });
    c.advance(2_000);
    const cs = containerStatus(c);
    expect(field(cs, 'state', 'waiting')).toEqual({ reason: 'CrashLoopBackOff', message: `back-off 10s restarting failed container=web pod=p_default(${uid})` });
    expect(cs.restartCount).toBe(1);
    expect(field(cs, 'lastState', 'terminated')).toMatchObject({ exitCode: 128, reason: 'StartError', message: notInPath('sleeep') });
    expect(phase(c)).toBe('Running');
    const list = events(c);
    expect(list.find((e) => e.reason === 'Created')?.count).toBe(2);
    expect(list.find((e) => e.reason === 'Failed')).toMatchObject({ type: 'Warning', count: 2 });
    expect(list.find((e) => e.reason === 'BackOff')).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container web in pod p_default(${uid})` });
    expect(list.some((e) => e.reason === 'Started')).toBe(false);
    c.advance(10_000);
    expect(containerStatus(c).restartCount).toBe(2);
  });

  it('names a missing absolute path by its stat error', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['/bin/slep'] }] });
    c.advance(3_000);
    expect(field(containerStatus(c), 'state', 'terminated')).toMatchObject({ exitCode: 128, reason: 'StartError', message: runcError('"/bin/slep": stat /bin/slep: no such file or directory') });
  });

  it('application images are not modelled binary by binary: an unknown name there is not refused at start', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'db', image: 'postgres:16', command: ['docker-entrypoint.sh', 'postgres'] }] });
    c.advance(30_000);
    expect(field(containerStatus(c), 'lastState', 'terminated', 'reason') ?? field(containerStatus(c), 'state', 'terminated', 'reason')).not.toBe('StartError');
  });

  it('inside sh -c the shell runs and reports the missing command with 127', () => {
    const c = cluster();
    runPod(c, { restartPolicy: 'Never', containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'slep 1'] }] });
    c.advance(3_000);
    expect(field(containerStatus(c), 'state', 'terminated')).toMatchObject({ exitCode: 127, reason: 'Error' });
    expect(events(c).map((e) => e.reason)).toContain('Started');
    expect(c.kubelet.logs('default', 'p', 'app', {}).map((l) => l.text)).toEqual(['sh: slep: not found']);
  });
});
