// -o custom-columns=HEADER:.path,… and -o custom-columns-file=FILE (kubectl's
// CustomColumnsPrinter): one tab-aligned row per object; several results of a
// column join with commas, none prints <none>; values print with Go's %v.
import { KubectlError } from '../errors';
import { evaluate, parseJSONPath, relaxedJSONPath, type Segment } from './jsonpath';
import { TabWriter, TABLE_OPTIONS } from './tabwriter';

export interface CustomColumn {
  header: string;
  template: Segment[];
}

const FILE_FORMAT = 'Expected format is one line of space separated headers, one line of space separated column specs.';

export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec === '') throw new KubectlError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new KubectlError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return column(part.slice(0, colon), part.slice(colon + 1));
  });
}

export function parseCustomColumnsFile(text: string): CustomColumn[] {
  const lines = text.split('\n');
  if (lines.length < 1 || (lines.length === 1 && lines[0] === '')) throw new KubectlError(`invalid template, missing header line. ${FILE_FORMAT}`);
  if (lines.length < 2) throw new KubectlError(`invalid template, missing spec line. ${FILE_FORMAT}`);
  const headers = words(lines[0]);
  const specs = words(lines[1]);
  if (headers.length !== specs.length) {
    throw new KubectlError(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  }
  return headers.map((h, i) => column(h, specs[i]));
}

function words(line: string): string[] {
  return line.trim().split(/\s+/).filter((w) => w !== '');
}

function column(header: string, path: string): CustomColumn {
  const relaxed = relaxedJSONPath(path);
  try {
    return { header, template: parseJSONPath(relaxed) };
  } catch (e) {
    throw new KubectlError(`error parsing jsonpath ${relaxed}, ${(e as Error).message}`);
  }
}

/** Rows for the objects (list items already flattened), the header first unless noHeaders. */
export function printCustomColumns(columns: readonly CustomColumn[], objects: readonly unknown[], noHeaders: boolean, writer = new TabWriter(TABLE_OPTIONS)): string {
  if (!noHeaders) writer.write(columns.map((c) => c.header).join('\t') + '\n');
  for (const obj of objects) {
    const cells = columns.map((c) => {
      const values = evaluate(c.template, obj, { allowMissingKeys: true }).flat();
      return values.length === 0 ? '<none>' : values.map(goValue).join(',');
    });
    writer.write(cells.join('\t') + '\n');
  }
  return writer.flush();
}

/** fmt's %v for decoded JSON: maps as map[k:v], lists as [a b], null as <nil>. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const m = v as Record<string, unknown>;
    return `map[${Object.keys(m)
      .sort()
      .map((k) => `${k}:${goValue(m[k])}`)
      .join(' ')}]`;
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}
