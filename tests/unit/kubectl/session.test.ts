import { describe, expect, it } from 'vitest';
import { TerminalSession, PROMPT, CONTINUATION_PROMPT, wrapProse, type LineResult } from '../../../src/kubectl/session';
import { DEFAULT_KUBECONFIG, type KubectlEnv, type Output } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';
import { readWorkspaceDir, readWorkspaceFile } from '../../../src/worker/workspace';
import { WEB_DEPLOYMENT } from './fixtures';


function setup(files: Record<string, string> = {}): { session: TerminalSession; env: KubectlEnv } {
  const cluster = createCluster();
  const env: KubectlEnv = {
    cluster,
    config: { ...DEFAULT_KUBECONFIG },
    readFile: (p) => readWorkspaceFile(files, p),
    readDir: (p) => readWorkspaceDir(files, p),
  };
  return { session: new TerminalSession(env), env };
}

function lines(session: TerminalSession, ...input: string[]): LineResult | undefined {
  let last: LineResult | undefined;
  for (const line of input) last = session.input(line);
  return last;
}

describe('terminal session: words, aliases, builtins', () => {
  it('k is kubectl, and quoting reaches kubectl as one argument', () => {
    const { session } = setup();
    const a = session.input('kubectl get nodes');
    const b = session.input('k   get "nodes"');
    expect(b).toEqual(a);
    expect(a?.stdout).toMatch(/^NAME +STATUS +ROLES +AGE +VERSION\ncontrol-plane +Ready +control-plane/);
    expect(a?.kubectl).toEqual(['get', 'nodes']);
  });

  it('prints kubectl errors with their exit codes', () => {
    const { session } = setup();
    expect(session.input('kubectl get pod nope')).toMatchObject({ stderr: 'Error from server (NotFound): pods "nope" not found\n', exitCode: 1 });
    expect(session.input('kubectl frobnicate')).toMatchObject({ stderr: expect.stringContaining('error: unknown command "frobnicate" for "kubectl"') as string, exitCode: 1 });
  });

  it('refuses what it cannot do, with a message that says so', () => {
    const { session } = setup();
    expect(session.input('ls -l /etc')?.exitCode).toBe(0);
    expect(session.input('vim web.yaml')).toEqual({ stdout: '', stderr: 'podsphere: vim: command not found (this terminal runs kubectl; type "help")\n', exitCode: 127 });
    expect(session.input('kubectl get pods | awk "{print}"')).toMatchObject({
      stderr: 'podsphere: pipes to "awk" are not supported in this sandbox (after | use grep, head, tail or wc -l)\n',
      exitCode: 127,
    });
    expect(session.input('kubectl get pod $NAME')?.exitCode).toBe(2);
  });

  it('clear, help, echo, cat and ls of the workspace', () => {
    const { session } = setup({ 'workspace.yaml': WEB_DEPLOYMENT });
    expect(session.input('clear')).toEqual({ stdout: '', stderr: '', exitCode: 0, clear: true });
    expect(session.input('help')?.stdout).toContain('kubectl apply -f workspace.yaml');
    expect(session.input('echo hello   "big world"')?.stdout).toBe('hello big world\n');
    expect(session.input('cat workspace.yaml')?.stdout).toBe(WEB_DEPLOYMENT);
    expect(session.input('cat nope.yaml')).toEqual({ stdout: '', stderr: 'cat: nope.yaml: No such file or directory\n', exitCode: 1 });
    expect(session.input('ls')?.stdout).toBe('workspace.yaml\n');
  });
});

describe('terminal session: pipes', () => {
  it('filters kubectl output; the exit status is the last stage’s', () => {
    const { session } = setup();
    expect(session.input('kubectl get nodes | grep worker | wc -l')).toMatchObject({ stdout: '3\n', exitCode: 0 });
    expect(session.input('kubectl get nodes --no-headers | head -n 1')?.stdout).toMatch(/^control-plane +Ready/);
    expect(session.input('kubectl get nodes | grep esx')).toMatchObject({ stdout: '', exitCode: 1 });
    // stderr is not piped unless 2>&1 says so.
    expect(session.input('kubectl get pods | wc -l')).toEqual({ stdout: '0\n', stderr: 'No resources found in default namespace.\n', exitCode: 0, kubectl: ['get', 'pods'] });
    expect(session.input('kubectl get pods 2>&1 | wc -l')?.stdout).toBe('1\n');
    expect(session.input('kubectl get pods 2>/dev/null')).toMatchObject({ stdout: '', stderr: '' });
  });
});

describe('terminal session: multi-line input', () => {
  it('reads on after an open quote or a trailing backslash (PS2)', () => {
    const { session } = setup();
    expect(session.input("echo 'one")).toBeUndefined();
    expect(session.prompt()).toBe(CONTINUATION_PROMPT);
    expect(session.input("two'")?.stdout).toBe('one\ntwo\n');
    expect(session.prompt()).toBe(PROMPT);
    expect(session.input('kubectl get \\')).toBeUndefined();
    expect(session.input('nodes')?.kubectl).toEqual(['get', 'nodes']);
  });

  it('collects a here-document and passes it on a pipe', () => {
    const { session } = setup();
    expect(lines(session, 'cat <<EOF | grep -c kind', 'kind: A', 'x: 1', 'kind: B', 'EOF')?.stdout).toBe('2\n');
    expect(lines(session, 'cat <<-END', '\tindented', '\tEND')?.stdout).toBe('indented\n');
  });

  it('Ctrl-C drops a half-read command; Ctrl-D ends a here-document with bash’s warning', () => {
    const { session } = setup();
    session.input('cat <<EOF');
    session.interrupt();
    expect(session.prompt()).toBe(PROMPT);
    session.input('cat <<EOF');
    session.input('text');
    expect(session.eof()).toEqual({ stdout: 'text\n', stderr: "podsphere: warning: here-document delimited by end-of-file (wanted `EOF')\n", exitCode: 0 });
  });
});

describe('terminal session: follow commands through a pipe', () => {
  it('get -w | grep streams only matching lines as time passes, and stops on Ctrl-C', () => {
    const { session, env } = setup();
    const r = session.input('kubectl get pods -w | grep Running');
    expect(r?.follow).toBeDefined();
    const seen: Output[] = [];
    let code: number | undefined;
    const stop = r!.follow!.start((o) => seen.push(o), (c) => (code = c));
    env.cluster.apply(WEB_DEPLOYMENT);
    env.cluster.advance(30_000);
    stop();
    const text = seen.map((o) => o.stdout ?? '').join('');
    expect(text).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running/m);
    expect(text.split('\n').filter(Boolean).every((l) => l.includes('Running'))).toBe(true);
    expect(code).toBeUndefined();
  });

  it('| head -n N ends the follow once it has its lines', () => {
    const { session, env } = setup();
    const r = session.input('kubectl get pods -w | head -n 2');
    let code: number | undefined;
    let text = r?.stdout ?? '';
    r!.follow!.start((o) => (text += o.stdout ?? ''), (c) => (code = c));
    env.cluster.apply(WEB_DEPLOYMENT);
    env.cluster.advance(30_000);
    expect(code).toBe(0);
    expect(text.split('\n').filter(Boolean)).toHaveLength(2);
  });
});

describe('wrapProse', () => {
  it('wraps English at spaces with a hanging indent, never past the width', () => {
    const text = wrapProse('Where it breaks: Nodes are often VMs themselves, and Ready comes from the kubelet renewing a Lease every 10 s.', 40);
    expect(text).toBe('Where it breaks: Nodes are often VMs\n  themselves, and Ready comes from the\n  kubelet renewing a Lease every 10 s.\n');
  });

  it('breaks CJK text between characters, counting two columns each', () => {
    const lines = wrapProse('不同之處 節點本身常常就是虛擬機；Ready 來自 kubelet 每 10 秒更新一次 Lease。', 24).trimEnd().split('\n');
    const width = (s: string): number => [...s].reduce((n, c) => n + (/[\u2e80-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) expect(width(l)).toBeLessThanOrEqual(23);
    expect(lines.join('').replace(/\s+/g, '')).toBe('不同之處節點本身常常就是虛擬機；Ready來自kubelet每10秒更新一次Lease。');
  });
});
