// The worker's terminal protocol, driven as the page drives it.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/runtime/index';
import type { WorkerMessage } from '../../../src/worker/protocol';
import { INTERRUPTED, TerminalHost } from '../../../src/worker/terminalhost';

function host(): { messages: WorkerMessage[]; host: TerminalHost; advance(ms: number): void } {
  const cluster = createCluster();
  const messages: WorkerMessage[] = [];
  return { messages, host: new TerminalHost(cluster, (m) => messages.push(m)), advance: (ms) => cluster.advance(ms) };
}

describe('worker terminal protocol', () => {
  it('a line gets its output, then exit with the code, the next prompt and the kubectl argv', () => {
    const t = host();
    t.host.handle({ type: 'kubectl', id: 1, line: 'k get pod nope' });
    expect(t.messages).toEqual([
      { type: 'output', id: 1, stderr: 'Error from server (NotFound): pods "nope" not found\n' },
      { type: 'exit', id: 1, code: 1, prompt: '$ ', kubectl: ['get', 'pod', 'nope'] },
    ]);
  });

  it('workspace files come with the request: the YAML editor is workspace.yaml', () => {
    const t = host();
    t.host.handle({ type: 'kubectl', id: 1, line: 'cat workspace.yaml | grep -c kind', files: { 'workspace.yaml': 'kind: Pod\n' } });
    expect(t.messages[0]).toEqual({ type: 'output', id: 1, stdout: '1\n' });
  });

  it('a here-document: each line is answered with more and the continuation prompt until the end', () => {
    const t = host();
    t.host.handle({ type: 'kubectl', id: 1, line: 'cat <<EOF' });
    t.host.handle({ type: 'kubectl', id: 2, line: 'hello' });
    t.host.handle({ type: 'kubectl', id: 3, line: 'EOF' });
    expect(t.messages).toEqual([
      { type: 'more', id: 1, prompt: '> ' },
      { type: 'more', id: 2, prompt: '> ' },
      { type: 'output', id: 3, stdout: 'hello\n' },
      { type: 'exit', id: 3, code: 0, prompt: '$ ' },
    ]);
  });

  it('a follow streams as time advances, until the page interrupts it', () => {
    const t = host();
    t.host.handle({ type: 'kubectl', id: 7, line: 'kubectl get nodes -w' });
    expect(t.messages.some((m) => m.type === 'exit')).toBe(false);
    expect(t.host.running()).toBe(1);
    t.host.handle({ type: 'interrupt', id: 7 });
    expect(t.messages[t.messages.length - 1]).toEqual({ type: 'exit', id: 7, code: INTERRUPTED, prompt: '$ ' });
    expect(t.host.running()).toBe(0);
    const before = t.messages.length;
    t.advance(60_000);
    expect(t.messages).toHaveLength(before);
  });

  it('completion requests are answered with the word span and candidates', () => {
    const t = host();
    t.host.handle({ type: 'complete', id: 4, line: 'kubectl get nodes worker-', cursor: 25 });
    expect(t.messages).toEqual([{ type: 'completion', id: 4, start: 18, end: 25, candidates: ['worker-1', 'worker-2', 'worker-3'] }]);
  });

  it('a PowerCLI cmdlet is answered with the kubectl way, not run', () => {
    const t = host();
    t.host.handle({ type: 'kubectl', id: 1, line: 'Get-VMHost', locale: 'en' });
    const out = t.messages[0] as { stdout: string };
    expect(out.stdout).toMatch(/^Get-VMHost is PowerCLI; this sandbox does not run it\. The kubectl way:\n {2}kubectl get nodes/);
    expect(out.stdout).toContain('Where it breaks:');
  });
});
