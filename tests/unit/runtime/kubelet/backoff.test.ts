import { describe, expect, it } from 'vitest';
import { field } from '../../../../src/runtime/api/types';
import { cluster, containerStatus, events, phase, pod, runPod } from './helpers';

describe('kubelet: crash loop back-off', () => {
  it('restarts a failing container after 10, 20, 40, 80, 160, 300, 300 s, first restart at once', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'echo starting; exit 1'] }] });
    const uid = pod(c).metadata.uid ?? '';
    const starts: number[] = [];
    const messages: string[] = [];
    let last = -1;
    for (let step = 0; step < 13_000; step++) {
      c.advance(100);
      const cs = containerStatus(c);
      const count = Number(cs.restartCount);
      if (count !== last) {
        starts.push(c.clock.now());
        last = count;
      }
      const msg = field(cs, 'state', 'waiting', 'message');
      if (typeof msg === 'string' && messages.at(-1) !== msg) messages.push(msg);
    }
    // The container exits as it starts, so restart-to-restart is the back-off; the first restart
    // comes as soon as the kubelet notices the exit (PLEG relist, 1 s): no back-off entry exists yet.
    const gaps = starts.slice(1).map((t, i) => Math.round((t - starts[i]) / 1000));
    expect(gaps.slice(1, 8)).toEqual([10, 20, 40, 80, 160, 300, 300]);
    // Sandbox 1 s, pull of busybox 0.65 s, exit, then the restart 1 s later.
    expect(Math.round((starts[1] - c.spec.startTime) / 100) / 10).toBe(2.7);
    const suffix = `restarting failed container=app pod=p_default(${uid})`;
    expect(messages.slice(0, 6)).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s'].map((d) => `back-off ${d} ${suffix}`));
    const cs = containerStatus(c);
    expect(field(cs, 'state', 'waiting', 'reason')).toBe('CrashLoopBackOff');
    expect(field(cs, 'lastState', 'terminated')).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(phase(c)).toBe('Running');
    const backOff = events(c).find((e) => e.reason === 'BackOff');
    expect(backOff).toMatchObject({ type: 'Warning', message: `Back-off restarting failed container app in pod p_default(${uid})` });
    expect(c.kubelet.logs('default', 'p', 'app', { previous: true }).map((l) => l.text)).toEqual(['starting']);
  });

  it('resets the back-off once a container ran for 10 minutes', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'app', image: 'busybox:1.36', command: ['sh', '-c', 'sleep 700; exit 1'] }] });
    c.advance(705_000);
    expect(containerStatus(c).restartCount).toBe(1);
    c.advance(700_000);
    // The second crash comes 700 s after the back-off entry was last touched: restart at once again.
    expect(containerStatus(c).restartCount).toBe(2);
    expect(field(containerStatus(c), 'state', 'running')).toBeDefined();
  });
});

describe('kubelet: image pull errors', () => {
  it('ErrImagePull, then ImagePullBackOff, retrying 10 s doubling', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginxx' }] });
    c.advance(2_000);
    const ref = 'docker.io/library/nginxx:latest';
    const err = `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
    expect(field(containerStatus(c), 'state', 'waiting')).toEqual({ reason: 'ErrImagePull', message: err });
    c.advance(1_000);
    expect(field(containerStatus(c), 'state', 'waiting')).toEqual({ reason: 'ImagePullBackOff', message: `Back-off pulling image "nginxx": ErrImagePull: ${err}` });
    expect(phase(c)).toBe('Pending');
    const ev = events(c);
    expect(ev.slice(0, 5).map((e) => `${e.type} ${e.reason}: ${e.message}`)).toEqual([
      'Normal Pulling: Pulling image "nginxx"',
      `Warning Failed: Failed to pull image "nginxx": ${err}`,
      'Warning Failed: Error: ErrImagePull',
      'Normal BackOff: Back-off pulling image "nginxx"',
      'Warning Failed: Error: ImagePullBackOff',
    ]);
    const pulls: number[] = [];
    for (let step = 0; step < 7000; step++) {
      const before = events(c).find((e) => e.reason === 'Pulling')?.count ?? 0;
      c.advance(100);
      if ((events(c).find((e) => e.reason === 'Pulling')?.count ?? 0) > before) pulls.push(c.clock.now());
    }
    // Each retry waits the back-off counted from the failure; a failing pull itself takes 0.7 s.
    const gaps = pulls.slice(1, 5).map((t, i) => Math.round((t - pulls[i]) / 100) / 10);
    expect(gaps).toEqual([20.7, 40.7, 80.7, 160.7]);
    expect(pulls[0] - c.spec.startTime).toBe(11_700);
  });

  it('a misspelt tag of a known image is "not found"', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.14.2x' }] });
    c.advance(2_000);
    const ref = 'docker.io/library/nginx:1.14.2x';
    expect(field(containerStatus(c), 'state', 'waiting', 'message')).toBe(
      `rpc error: code = NotFound desc = failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${ref}: not found`,
    );
  });

  it('imagePullPolicy Never without the image gives ErrImageNeverPull', () => {
    const c = cluster();
    runPod(c, { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Never' }] });
    c.advance(2_000);
    expect(field(containerStatus(c), 'state', 'waiting')).toEqual({ reason: 'ErrImageNeverPull', message: 'Container image "nginx:1.27" is not present with pull policy of Never' });
  });
});
