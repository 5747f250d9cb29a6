// The objects a writing command acts on, as cli-runtime's builder finds them:
// TYPE NAME…, TYPE/NAME…, -f manifests (looked up live), -l, --all, -A.
import { KubectlError, type OutputCollector } from '../errors';
import type { FlagSpec } from '../flags';
import { FILENAME_FLAGS, hasFileArgs, mappedManifestObjects } from '../manifests';
import { fetchObjects, typeName, type FoundObject } from '../objects';
import { parseResourceArgs } from '../resourceargs';
import type { CommandContext } from '../types';

export const SELECTION_FLAGS: FlagSpec[] = [
  ...FILENAME_FLAGS,
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
];

export interface Targets {
  found: FoundObject[];
  /** Lookup failures (NotFound …), reported after the objects that were found. */
  errors: unknown[];
}

/** Resolve `args` (already stripped of non-resource words) and the selection flags into live objects. */
export function findTargets(ctx: CommandContext, args: readonly string[], out: OutputCollector, emptyMessage: string): Targets {
  if (hasFileArgs(ctx)) {
    if (args.length) throw new KubectlError('when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well');
    const found: FoundObject[] = [];
    const errors: unknown[] = [];
    for (const mapped of mappedManifestObjects(ctx, out)) {
      try {
        found.push({ type: mapped.type, object: ctx.env.cluster.api.get(typeName(mapped.type), mapped.name, mapped.namespace) });
      } catch (e) {
        errors.push(e);
      }
    }
    return { found, errors };
  }
  if (args.length === 0) throw new KubectlError(emptyMessage);
  const refs = parseResourceArgs(ctx.env, args);
  const selector = flag(ctx, 'selector');
  const fieldSelector = flag(ctx, 'field-selector');
  const all = ctx.flags.has('all') && ctx.flags.bool('all');
  if (refs.some((r) => r.name === undefined) && !all && !selector && !fieldSelector) {
    throw new KubectlError('resource(s) were provided, but no name was specified');
  }
  return fetchObjects(ctx.env, refs, {
    namespace: ctx.namespace,
    allNamespaces: ctx.flags.has('all-namespaces') && ctx.flags.bool('all-namespaces'),
    labelSelector: selector || undefined,
    fieldSelector: fieldSelector || undefined,
  });
}

function flag(ctx: CommandContext, name: string): string {
  try {
    return ctx.flags.string(name);
  } catch {
    return '';
  }
}
