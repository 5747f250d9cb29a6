// `kubectl replace -f FILE` (kubectl pkg/cmd/replace): a full PUT of each
// object — fields the file omits are dropped, unlike apply's merge.
// --force deletes and recreates instead.
import type { KubeObject } from '../../runtime/api/types';
import { errorText, KubectlError, OutputCollector } from '../errors';
import { FILENAME_FLAGS, hasFileArgs, KUSTOMIZE_UNAVAILABLE, mappedManifestObjects } from '../manifests';
import { typeName } from '../objects';
import { kindPath } from '../resourceargs';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';

export const replaceCommand: Command = {
  name: 'replace',
  short: 'Replace a resource by file name or stdin',
  flags: [
    ...FILENAME_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int', default: -1 },
    { name: 'cascade', type: 'string', default: 'background', noOptDefault: 'background' },
    { name: 'wait', type: 'bool' },
    { name: 'timeout', type: 'duration', default: '0s' },
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'raw', type: 'string' },
    { name: 'subresource', type: 'string' },
    { name: 'field-manager', type: 'string', default: 'kubectl-replace' },
  ],
  run: replace,
};

function replace(ctx: CommandContext): KubectlResult {
  if (ctx.flags.has('kustomize') && !ctx.flags.strings('filename').length) throw new KubectlError(KUSTOMIZE_UNAVAILABLE);
  if (!hasFileArgs(ctx)) throw new KubectlError(`must specify --filename to replace\nSee 'kubectl replace -h' for help and examples`);
  const { mode, warning } = dryRunMode(ctx);
  const force = ctx.flags.bool('force');
  if (force && mode !== 'none') throw new KubectlError('--dry-run can not be used when --force is set');
  const printer = objectPrinter(ctx, mode);
  const out = new OutputCollector();
  out.stderr += warning;
  const api = ctx.env.cluster.api;
  for (const mapped of mappedManifestObjects(ctx, out)) {
    const obj = mapped.object as KubeObject;
    try {
      if (force) {
        const existing = api.tryGet(typeName(mapped.type), mapped.name, mapped.namespace);
        if (existing) {
          const grace = ctx.flags.int('grace-period');
          api.delete(typeName(mapped.type), mapped.name, { namespace: mapped.namespace, gracePeriodSeconds: grace >= 0 ? grace : 0 });
          out.stdout += `${kindPath(mapped.type)} "${mapped.name}" deleted${mapped.namespace ? ` from ${mapped.namespace} namespace` : ''}\n`;
          ctx.env.cluster.clock.drain();
        }
        const { resourceVersion: _rv, uid: _uid, ...meta } = obj.metadata;
        out.stdout += printer.print(api.create({ ...obj, metadata: meta }, { namespace: mapped.namespace, fieldValidation: 'Strict' }), 'replaced');
      } else {
        const result = api.update(obj, { namespace: mapped.namespace, dryRun: mode !== 'none', fieldValidation: 'Strict' });
        out.stdout += printer.print(mode === 'client' ? obj : result, 'replaced');
      }
    } catch (e) {
      out.failedAny = true;
      out.stderr += errorText(e, ctx.path, `error when replacing ${JSON.stringify(mapped.source)}: `);
    }
    ctx.env.cluster.clock.drain();
  }
  return out.result();
}
