// `kubectl drain NODE` (kubectl pkg/cmd/drain): cordon, then evict every pod
// the filters allow, respecting PodDisruptionBudgets — vSphere's "enter
// maintenance mode", except that pods are recreated elsewhere by their
// controllers rather than vMotioned. The run itself lives in ../drain.ts;
// this command streams its lines as simulated time passes.
import { drainNode, type DrainLine } from '../drain';
import { KubectlError } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode } from './output';

export const drainCommand: Command = {
  name: 'drain',
  short: 'Drain node in preparation for maintenance',
  flags: [
    DRY_RUN_FLAG,
    { name: 'ignore-daemonsets', type: 'bool' },
    { name: 'delete-emptydir-data', type: 'bool' },
    { name: 'delete-local-data', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'pod-selector', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'disable-eviction', type: 'bool' },
    { name: 'skip-wait-for-delete-timeout', type: 'int', default: 0 },
    { name: 'chunk-size', type: 'int', default: 500 },
  ],
  run: drain,
};

function drain(ctx: CommandContext): KubectlResult {
  if (ctx.args.length !== 1) throw new KubectlError(`USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples`);
  const { mode } = dryRunMode(ctx);
  if (mode !== 'none') throw new KubectlError('--dry-run is not simulated for drain in PodSphere: run kubectl cordon first, then list the pods on the node with kubectl get pods -o wide --field-selector spec.nodeName=NODE');
  const arg = ctx.args[0];
  const node = arg.includes('/') ? arg.slice(arg.indexOf('/') + 1) : arg;
  const timeoutMs = ctx.flags.durationMs('timeout') ?? 0;
  const run = drainNode(ctx.env.cluster.api, ctx.env.cluster.clock, node, {
    ignoreDaemonsets: ctx.flags.bool('ignore-daemonsets'),
    deleteEmptydirData: ctx.flags.bool('delete-emptydir-data') || ctx.flags.bool('delete-local-data'),
    force: ctx.flags.bool('force'),
    gracePeriodSeconds: ctx.flags.int('grace-period'),
    timeoutSeconds: timeoutMs / 1000,
    podSelector: ctx.flags.string('pod-selector') || undefined,
    disableEviction: ctx.flags.bool('disable-eviction'),
    skipWaitForDeleteTimeoutSeconds: ctx.flags.int('skip-wait-for-delete-timeout'),
  });
  // Drive what happens at this instant (the first evictions) before answering.
  ctx.env.cluster.clock.drain();
  const stdout = run.lines.filter((l) => l.stream === 'stdout').map(text).join('');
  const stderr = run.lines.filter((l) => l.stream === 'stderr').map(text).join('');
  if (run.done) return { stdout: interleaved(run.lines, 'stdout'), stderr: interleaved(run.lines, 'stderr'), exitCode: run.exitCode ?? 1 };
  const seen = run.lines.length;
  const clock = ctx.env.cluster.clock;
  return {
    stdout,
    stderr,
    exitCode: 0,
    follow: {
      start(write, done) {
        let sent = seen;
        let finished = false;
        const flush = (): void => {
          for (; sent < run.lines.length; sent++) {
            const l = run.lines[sent];
            write(l.stream === 'stdout' ? { stdout: text(l) } : { stderr: text(l) });
          }
          // The run marks itself done right after its last line: look again once this instant's work is over.
          if (run.done && !finished) {
            finished = true;
            unsubscribe();
            done(run.exitCode ?? 1);
          }
        };
        const unsubscribe = run.onLine(() => {
          flush();
          clock.enqueue(flush);
        });
        flush();
        return () => {
          unsubscribe();
          if (!finished) run.cancel();
        };
      },
    },
  };
}

function text(l: DrainLine): string {
  return `${l.text}\n`;
}

function interleaved(lines: readonly DrainLine[], stream: DrainLine['stream']): string {
  return lines.filter((l) => l.stream === stream).map(text).join('');
}
