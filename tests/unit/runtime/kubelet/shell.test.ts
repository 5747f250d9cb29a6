import { describe, expect, it } from 'vitest';
import { parseImage, resolveImage } from '../../../../src/runtime/kubelet/images';
import { execOnce, interpret } from '../../../../src/runtime/kubelet/shell';

const ctx = { env: [['PATH', '/bin'], ['NAME', 'sphere']] as [string, string][], files: new Map<string, string>(), hostname: 'p', busybox: true };

describe('the shell one-liner interpreter', () => {
  it.each([
    [['sh', '-c', 'echo hi'], ['hi'], 0],
    [['sh', '-c', 'echo $NAME && exit 4'], ['sphere'], 4],
    [['sh', '-c', 'false || echo recovered'], ['recovered'], 0],
    [['sh', '-c', 'true && false'], [], 1],
    [['sh', '-c', 'nosuchcmd'], ['sh: nosuchcmd: not found'], 127],
    [['sh', '-c', 'for i in 1 2 3; do echo n$i; done'], ['n1', 'n2', 'n3'], 0],
    [['sh', '-c', 'echo data > /tmp/f; cat /tmp/f'], ['data'], 0],
  ])('%j prints %j and exits %i', (argv, out, code) => {
    expect(execOnce(argv, ctx)).toEqual({ output: out.join('\n'), code });
  });

  it('times sleeps and recognises endless loops', () => {
    expect(interpret(['sh', '-c', 'sleep 5; exit 2'], ctx)).toMatchObject({ end: 5000, exit: 2 });
    const loop = interpret(['sh', '-c', 'while true; do echo tick; sleep 2; done'], ctx);
    expect(loop.exit).toBeUndefined();
    expect(loop.loop).toMatchObject({ period: 2000 });
    expect(interpret(['sleep', 'infinity'], ctx).exit).toBeUndefined();
    expect(interpret(['sh', '-c', 'sleep 3600'], ctx).ignoresSigterm).toBe(true);
  });

  it('normalises image references as containerd does', () => {
    expect(parseImage('nginx')?.normalized).toBe('docker.io/library/nginx:latest');
    expect(parseImage('registry.k8s.io/busybox:1.27.2')?.normalized).toBe('registry.k8s.io/busybox:1.27.2');
    expect(parseImage('Nginx')).toBeUndefined();
    expect(resolveImage(parseImage('nginx:1.14.2') ?? { raw: '', normalized: '', domain: '', path: '' })).toMatchObject({ ok: true });
    expect(resolveImage(parseImage('myregistry.local/app:1') ?? { raw: '', normalized: '', domain: '', path: '' })).toMatchObject({ ok: false });
  });
});
