// `kubectl delete` (kubectl pkg/cmd/delete): by TYPE NAME, TYPE/NAME, -f,
// -l, --all; graceful by default, `--grace-period=0 --force` immediately.
// Like kubectl it then waits until the objects are really gone — a pod
// keeps Terminating for its grace period while the kubelet stops it.
import { isStatusError } from '../../runtime/api/errors';
import { KubectlError, OutputCollector } from '../errors';
import { FILENAME_FLAGS } from '../manifests';
import { typeName, type FoundObject } from '../objects';
import { kindPath } from '../resourceargs';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode } from './output';
import { findTargets } from './targets';
import { waitForDeletion, type Target } from './waitdeleted';

export const deleteCommand: Command = {
  name: 'delete',
  short: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  flags: [
    ...FILENAME_FLAGS,
    DRY_RUN_FLAG,
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'force', type: 'bool' },
    { name: 'now', type: 'bool' },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'wait', type: 'bool', default: true },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'interactive', short: 'i', type: 'bool' },
    { name: 'raw', type: 'string' },
  ],
  run: runDelete,
};

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

type Cascade = 'Background' | 'Foreground' | 'Orphan';

function cascadeOf(ctx: CommandContext): { policy: Cascade; warning: string } {
  const v = ctx.flags.string('cascade');
  const deprecated = (to: string): string => `warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=${to}.\n`;
  switch (v) {
    case 'background':
      return { policy: 'Background', warning: '' };
    case 'foreground':
      return { policy: 'Foreground', warning: '' };
    case 'orphan':
      return { policy: 'Orphan', warning: '' };
    case 'true':
      return { policy: 'Background', warning: deprecated('background') };
    case 'false':
      return { policy: 'Orphan', warning: deprecated('orphan') };
    default:
      throw new KubectlError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan".`);
  }
}

/** DeleteOptions.Complete: --now means 1 s, --grace-period=0 without --force means 1 s, --force alone means 0. */
function gracePeriod(ctx: CommandContext): number {
  let g = ctx.flags.int('grace-period');
  const force = ctx.flags.bool('force');
  if (ctx.flags.bool('now')) {
    if (g !== -1) throw new KubectlError('--now and --grace-period cannot be specified together');
    g = 1;
  }
  if (g === 0 && !force) g = 1;
  if (force && g < 0) g = 0;
  return g;
}

function runDelete(ctx: CommandContext): KubectlResult {
  const { policy, warning: cascadeWarning } = cascadeOf(ctx);
  const grace = gracePeriod(ctx);
  const { mode, warning } = dryRunMode(ctx);
  const output = ctx.flags.string('output');
  if (output !== '' && output !== 'name') throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  const all = ctx.flags.bool('all');
  const selector = ctx.flags.string('selector');
  const fieldSelector = ctx.flags.string('field-selector');
  if (all && selector) throw new KubectlError('cannot set --all and --selector at the same time');
  if (all && fieldSelector) throw new KubectlError('cannot set --all and --field-selector at the same time');
  if (ctx.flags.bool('interactive')) throw new KubectlError('--interactive needs a confirmation prompt, which PodSphere does not have: list what would go with --dry-run=client first');
  if (ctx.flags.string('raw')) throw new KubectlError('--raw is not supported in PodSphere');
  const out = new OutputCollector();
  out.stderr += warning + cascadeWarning;
  if (grace === 0 && ctx.flags.bool('force')) {
    out.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  } else if (grace > 0 && ctx.flags.bool('force')) throw new KubectlError('--force and --grace-period greater than 0 cannot be specified together');
  const ignoreNotFound = ctx.flags.has('ignore-not-found') ? ctx.flags.bool('ignore-not-found') : all || selector !== '' || fieldSelector !== '';
  const { found, errors } = findTargets(ctx, ctx.args, out, NO_RESOURCES);
  const targets: Target[] = [];
  for (const f of found) {
    const name = f.object.metadata.name ?? '';
    const ns = f.type.namespaced ? f.object.metadata.namespace : undefined;
    try {
      if (mode !== 'client') {
        ctx.env.cluster.api.delete(typeName(f.type), name, {
          namespace: ns,
          gracePeriodSeconds: grace >= 0 ? grace : undefined,
          propagationPolicy: policy,
          dryRun: mode === 'server',
        });
      }
      targets.push({ found: f, uid: f.object.metadata.uid ?? '' });
      out.stdout += deletedLine(f, output, grace, mode);
    } catch (e) {
      if (ignoreNotFound && isStatusError(e) && e.reason === 'NotFound') continue;
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) {
    if (ignoreNotFound && isStatusError(e) && e.reason === 'NotFound') continue;
    out.fail(e, ctx.path);
  }
  if (found.length === 0 && !out.failedAny) out.out('No resources found');
  ctx.env.cluster.clock.drain();
  const result = out.result();
  if (mode === 'none' && ctx.flags.bool('wait') && targets.length) {
    const follow = waitForDeletion(ctx.env.cluster.api, targets, ctx.flags.durationMs('timeout') ?? 0);
    if (follow) result.follow = follow;
  }
  return result;
}

/** delete.go PrintObj, with v1.34's ` from NS namespace` for namespaced objects. */
function deletedLine(f: FoundObject, output: string, grace: number, mode: string): string {
  const kind = kindPath(f.type);
  const name = f.object.metadata.name ?? '';
  if (output === 'name') return `${kind}/${name}\n`;
  let op = grace === 0 ? 'force deleted' : 'deleted';
  if (mode === 'client') op += ' (dry run)';
  else if (mode === 'server') op += ' (server dry run)';
  const where = f.type.namespaced ? ` from ${f.object.metadata.namespace ?? ''} namespace` : '';
  return `${kind} "${name}" ${op}${where}\n`;
}
