// `kubectl cordon|uncordon NODE` (kubectl pkg/cmd/drain, RunCordonOrUncordon):
// mark a node unschedulable — existing pods stay, new ones go elsewhere.
import { isObject } from '../../runtime/api/types';
import { OutputCollector } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode } from './output';
import { findTargets } from './targets';

const FLAGS = [DRY_RUN_FLAG, { name: 'selector', short: 'l', type: 'string' as const }];

export const cordonCommand: Command = { name: 'cordon', short: 'Mark node as unschedulable', flags: FLAGS, run: (ctx) => cordonOrUncordon(ctx, true) };
export const uncordonCommand: Command = { name: 'uncordon', short: 'Mark node as schedulable', flags: FLAGS, run: (ctx) => cordonOrUncordon(ctx, false) };

/** Node names as drain's builder reads them: `NODE…` or `node/NODE`. */
export function nodeArgs(args: readonly string[]): string[] {
  return args.length ? ['nodes', ...args.map((a) => (a.includes('/') ? a.slice(a.indexOf('/') + 1) : a))] : [];
}

function cordonOrUncordon(ctx: CommandContext, desired: boolean): KubectlResult {
  const { mode, warning } = dryRunMode(ctx);
  const out = new OutputCollector();
  out.stderr += warning;
  const verb = desired ? 'cordoned' : 'uncordoned';
  const selector = ctx.flags.string('selector');
  const args = ctx.args.length === 0 && selector ? ['nodes'] : nodeArgs(ctx.args);
  const { found, errors } = findTargets(ctx, args, out, 'USAGE: cordon NODE [flags]'.replace('cordon', desired ? 'cordon' : 'uncordon'));
  for (const f of found) {
    const name = f.object.metadata.name ?? '';
    const current = isObject(f.object.spec) && f.object.spec.unschedulable === true;
    const marker = mode === 'client' ? ' (dry run)' : mode === 'server' ? ' (server dry run)' : '';
    if (current === desired) {
      out.out(`node/${name} already ${verb}${marker}`);
      continue;
    }
    try {
      if (mode !== 'client') ctx.env.cluster.api.patch('nodes', name, { spec: { unschedulable: desired ? true : null } }, { patchType: 'merge', dryRun: mode === 'server' });
      out.out(`node/${name} ${verb}${marker}`);
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}
