// How kubectl's writing commands print what they did (genericclioptions
// PrintFlags with an operation): by default one `kind.group/name operation`
// line; `-o yaml|json|name|jsonpath=…` print the object instead. Also the
// --dry-run flag, which every writing command shares.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { FlagSpec } from '../flags';
import { executeJSONPath } from '../printers/jsonpath';
import { printJSON } from '../printers/json';
import { printName, type DryRunMode } from '../printers/name';
import { printYAML } from '../printers/yaml';
import type { CommandContext } from '../types';
import { goTime } from './klog';

export const OUTPUT_FORMATS = ['go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file', 'name', 'template', 'templatefile', 'yaml'];

/** -o and its template companions, as PrintFlags registers them. */
export const PRINT_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'show-managed-fields', type: 'bool' },
];

export const DRY_RUN_FLAG: FlagSpec = { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' };

export interface ObjectPrinter {
  /** Print one object that was `operation` (created, configured, scaled …). */
  print(obj: KubeObject, operation: string): string;
}

/** PrintFlags.ToPrinter: validate -o now, print later. `typed` objects keep their field order in JSON. */
export function objectPrinter(ctx: CommandContext, dryRun: DryRunMode, opts: { typed?: boolean; separateDocuments?: boolean } = {}): ObjectPrinter {
  const raw = ctx.flags.string('output');
  const eq = raw.indexOf('=');
  const format = eq < 0 ? raw : raw.slice(0, eq);
  const arg = eq < 0 ? ctx.flags.string('template') : raw.slice(eq + 1);
  if (format !== '' && !OUTPUT_FORMATS.includes(format)) {
    throw new KubectlError(`unable to match a printer suitable for the output format ${JSON.stringify(raw)}, allowed formats are: ${OUTPUT_FORMATS.join(',')}`);
  }
  if (format.includes('template') || format === 'jsonpath-file') {
    throw new KubectlError(`-o ${format} is not available in PodSphere; use -o jsonpath=… or -o yaml`);
  }
  let count = 0;
  return {
    print(obj, operation) {
      const shown = ctx.flags.bool('show-managed-fields') ? obj : withoutManagedFields(obj);
      count++;
      switch (format) {
        case '':
          return printName(obj, operation, dryRun);
        case 'name':
          return printName(obj);
        case 'yaml':
          // One printer for several objects writes a document separator before each one after the first.
          return (opts.separateDocuments !== false && count > 1 ? '---\n' : '') + printYAML(shown);
        case 'json':
          return printJSON(shown, { keepOrder: opts.typed });
        default:
          if (arg === '') throw new KubectlError('template format specified but no template given');
          return executeJSONPath(arg, shown, { asJSON: format === 'jsonpath-as-json' });
      }
    },
  };
}

function withoutManagedFields(obj: KubeObject): KubeObject {
  if (obj.metadata.managedFields === undefined) return obj;
  const { managedFields: _drop, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

/** GetDryRunStrategy: `--dry-run` alone still means client, with kubectl's deprecation warning. */
export function dryRunMode(ctx: CommandContext): { mode: DryRunMode; warning: string } {
  const v = ctx.flags.string('dry-run');
  switch (v) {
    case '':
    case 'none':
      return { mode: 'none', warning: '' };
    case 'client':
      return { mode: 'client', warning: '' };
    case 'server':
      return { mode: 'server', warning: '' };
    case 'unchanged':
      return { mode: 'client', warning: `W${goTime(ctx.env.cluster.clock.now())}       1 helpers.go:731] --dry-run is deprecated and can be replaced with --dry-run=client.\n` };
    default:
      throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
  }
}
