// `kubectl edit TYPE NAME`: kubectl opens $EDITOR on the live object. In the
// page the object goes to the editor pane (which saves, reports `edited`, or
// says `Edit cancelled, no changes made.`); the shell has no editor.
import { KubectlError, OutputCollector } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { PRINT_FLAGS } from './output';
import { findTargets } from './targets';
import { FILENAME_FLAGS } from '../manifests';

export const editCommand: Command = {
  name: 'edit',
  short: 'Edit a resource on the server',
  flags: [
    ...FILENAME_FLAGS,
    ...PRINT_FLAGS,
    { name: 'output-patch', type: 'bool' },
    { name: 'windows-line-endings', type: 'bool' },
    { name: 'save-config', type: 'bool' },
    { name: 'validate', type: 'string', default: 'strict', noOptDefault: 'strict' },
    { name: 'subresource', type: 'string' },
    { name: 'field-manager', type: 'string', default: 'kubectl-edit' },
  ],
  run: edit,
};

export const NO_EDITOR =
  'kubectl edit needs an editor, and this shell has none: run `kubectl get TYPE NAME -o yaml > FILE.yaml`, change the file, then `kubectl apply -f FILE.yaml` (or use the terminal in the page, which opens the editor pane)';

function edit(ctx: CommandContext): KubectlResult {
  const out = new OutputCollector();
  const { found, errors } = findTargets(ctx, ctx.args, out, 'You must provide one or more resources by argument or filename.');
  for (const e of errors) out.fail(e, ctx.path);
  if (found.length === 0) return out.result();
  const env = ctx.env;
  if (!env.edit) throw new KubectlError(NO_EDITOR);
  for (const f of found) env.edit(f.object);
  return out.result();
}
