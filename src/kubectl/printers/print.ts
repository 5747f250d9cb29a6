// The -o dispatcher shared by get and the writing commands: tables (and wide),
// yaml, json, name, jsonpath[-file|-as-json], custom-columns[-file]. Several
// objects print as kubectl's `kind: List`; tables follow kubectl get's layout
// (one table per resource type, a blank line between non-empty ones).
import type { ApiServer } from '../../runtime/api/apiserver';
import type { ResourceType } from '../../runtime/api/resources';
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { FoundObject } from '../objects';
import { kindPath } from '../resourceargs';
import { kindWithGroup } from './name';
import type { KubectlEnv } from '../types';
import { parseCustomColumns, parseCustomColumnsFile, printCustomColumns, type CustomColumn } from './customcolumns';
import { executeJSONPath, parseJSONPath } from './jsonpath';
import { printJSON } from './json';
import { HumanReadablePrinter, tableRows } from './table/humanreadable';
import { tablePrinterFor } from './table/index';
import { sortByField } from './table/sort';
import { TabWriter, TABLE_OPTIONS } from './tabwriter';
import { printYAML } from './yaml';

export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'yaml' }
  | { kind: 'json' }
  | { kind: 'name' }
  | { kind: 'jsonpath'; template: string; asJSON: boolean }
  | { kind: 'custom-columns'; columns: CustomColumn[] };

/** `kubectl get`'s formats, in the sorted order its error message lists them. */
export const GET_OUTPUT_FORMATS = [
  'custom-columns', 'custom-columns-file', 'go-template', 'go-template-file', 'json', 'jsonpath', 'jsonpath-as-json',
  'jsonpath-file', 'name', 'template', 'templatefile', 'wide', 'yaml',
];

/** The writing commands (create, apply, run …) offer the same without tables and custom columns. */
export const WRITE_OUTPUT_FORMATS = GET_OUTPUT_FORMATS.filter((f) => f !== 'wide' && !f.startsWith('custom-columns'));

const GO_TEMPLATES = ['go-template', 'go-template-file', 'template', 'templatefile'];

export interface FormatOptions {
  /** --template, used when -o names a template format without `=`. */
  template?: string;
  /** Formats the command accepts (default: get's). */
  allowed?: readonly string[];
}

/** Read `-o VALUE` (and --template) as kubectl's PrintFlags do, with their errors. */
export function parseOutputFormat(output: string, env: KubectlEnv, opts: FormatOptions = {}): OutputFormat {
  const allowed = opts.allowed ?? GET_OUTPUT_FORMATS;
  const eq = output.indexOf('=');
  const name = eq < 0 ? output : output.slice(0, eq);
  const arg = eq < 0 ? (opts.template ?? '') : output.slice(eq + 1);
  if ((name === '' || name === 'wide') && allowed.includes('wide') && eq < 0) return { kind: 'table', wide: name === 'wide' };
  if (!allowed.includes(name)) throw noPrinter(output, allowed);
  switch (name) {
    case 'yaml':
    case 'json':
    case 'name':
      return { kind: name };
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file':
      return { kind: 'jsonpath', template: jsonPathTemplate(name, arg, env), asJSON: name === 'jsonpath-as-json' };
    case 'custom-columns':
      if (arg === '') throw new KubectlError('custom-columns format specified but no custom columns given');
      return { kind: 'custom-columns', columns: parseCustomColumns(arg) };
    case 'custom-columns-file':
      return { kind: 'custom-columns', columns: parseCustomColumnsFile(readTemplate(arg, env)) };
    default:
      if (GO_TEMPLATES.includes(name)) {
        if (arg === '') throw new KubectlError('template format specified but no template given');
        throw new KubectlError(`${name} output is not available in this sandbox (Go templates are not simulated); use -o jsonpath=… or -o custom-columns=…`);
      }
      throw noPrinter(output, allowed);
  }
}

function noPrinter(output: string, allowed: readonly string[]): KubectlError {
  return new KubectlError(`unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${[...allowed].sort().join(',')}`);
}

function jsonPathTemplate(name: string, arg: string, env: KubectlEnv): string {
  if (arg === '') throw new KubectlError('template format specified but no template given');
  const template = name === 'jsonpath-file' ? readTemplate(arg, env) : arg;
  try {
    parseJSONPath(template);
  } catch (e) {
    throw new KubectlError(`error parsing jsonpath ${template}, ${(e as Error).message}`);
  }
  return template;
}

function readTemplate(path: string, env: KubectlEnv): string {
  const r = env.readFile?.(path) ?? { error: `open ${path}: no such file or directory` };
  if ('error' in r) throw new KubectlError(`error reading template ${path}, ${r.error}`);
  return r.text;
}

// ---- non-table formats ------------------------------------------------------------

export interface GenericOptions {
  /** One object named on the command line: print it alone instead of a List. */
  singleItem?: boolean;
  noHeaders?: boolean;
  sortBy?: string;
}

/** yaml / json / name / jsonpath / custom-columns of objects, as kubectl's printGeneric. */
export function printGeneric(input: readonly KubeObject[], format: Exclude<OutputFormat, { kind: 'table' }>, opts: GenericOptions = {}): string {
  const objects = opts.sortBy ? sortByField(input, (o) => o, opts.sortBy) : input;
  if (format.kind === 'name') return objects.map((o) => `${kindWithGroup(o.apiVersion, o.kind)}/${o.metadata.name ?? ''}\n`).join('');
  if (format.kind === 'custom-columns') return printCustomColumns(format.columns, objects, opts.noHeaders ?? false);
  const data = opts.singleItem && objects.length === 1 ? objects[0] : asList(objects);
  switch (format.kind) {
    case 'yaml':
      return printYAML(data);
    case 'json':
      return printJSON(data);
    case 'jsonpath':
      return executeJSONPath(format.template, data, { asJSON: format.asJSON });
  }
}

/** What kubectl prints for several objects: a v1 List with an empty resourceVersion. */
export function asList(objects: readonly KubeObject[]): Record<string, unknown> {
  return { apiVersion: 'v1', items: [...objects], kind: 'List', metadata: { resourceVersion: '' } };
}

// ---- tables ---------------------------------------------------------------------------

export interface TableOptions {
  api: ApiServer;
  now: number;
  wide: boolean;
  noHeaders?: boolean;
  allNamespaces?: boolean;
  showKind?: boolean;
  showLabels?: boolean;
  labelColumns?: readonly string[];
  /** --sort-by (a JSONPath); rows are sorted within each table. */
  sortBy?: string;
}

/** One list or named get of one type: kubectl's resource.Info. */
export interface TableGroup {
  type: ResourceType;
  objects: KubeObject[];
}

/** kubectl get's human-readable output for groups in order; empty groups print nothing. */
export function printTables(groups: readonly TableGroup[], opts: TableOptions): string {
  const withKind = opts.showKind === true || new Set(groups.map((g) => `${g.type.group}/${g.type.version}/${g.type.kind}`)).size > 1;
  let out = '';
  let separate = false;
  let last: ResourceType | undefined;
  let printer: HumanReadablePrinter | undefined;
  let writer = new TabWriter(TABLE_OPTIONS);
  const flush = (): void => {
    const text = writer.flush();
    if (text === '') return;
    if (separate) out += '\n';
    separate = false;
    out += text;
  };
  for (const group of groups) {
    if (!printer || !last || last.resource !== group.type.resource || last.group !== group.type.group) {
      flush();
      writer = new TabWriter(TABLE_OPTIONS);
      if (last && !opts.noHeaders && out !== '') separate = true;
      printer = humanPrinter(group.type, opts, withKind);
      last = group.type;
    }
    const rows = tableRows(tablePrinterFor(group.type, opts.api), group.objects, opts.now);
    printer.print(opts.sortBy ? sortByField(rows, (r) => r.object, opts.sortBy) : rows, writer);
  }
  flush();
  return out;
}

export function humanPrinter(type: ResourceType, opts: Omit<TableOptions, 'now'>, withKind: boolean): HumanReadablePrinter {
  return new HumanReadablePrinter(tablePrinterFor(type, opts.api), {
    wide: opts.wide,
    noHeaders: opts.noHeaders ?? false,
    withNamespace: (opts.allNamespaces ?? false) && type.namespaced,
    kindPrefix: withKind ? kindPath(type) : undefined,
    showLabels: opts.showLabels ?? false,
    labelColumns: opts.labelColumns ?? [],
  });
}

/** Convenience for commands that print what they found with any -o value. */
export function printObjects(found: readonly FoundObject[], format: OutputFormat, opts: Omit<TableOptions, 'wide'> & GenericOptions): string {
  if (format.kind !== 'table') return printGeneric(found.map((f) => f.object), format, opts);
  const groups: TableGroup[] = [];
  for (const f of found) {
    const prev = groups[groups.length - 1];
    if (prev && prev.type === f.type) prev.objects.push(f.object);
    else groups.push({ type: f.type, objects: [f.object] });
  }
  return printTables(groups, { ...opts, wide: format.wide });
}
