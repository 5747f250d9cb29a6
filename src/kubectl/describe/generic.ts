// The generic describer for kinds without their own (custom resources, leases,
// events …): every field of the object, keys sorted, labels made readable
// (`apiVersion` → `API Version`), as describe.go's unstructured describer does.
import type { KubeObject } from '../../runtime/api/types';
import { isObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { compare } from './format';
import { tabbedString, LEVEL_0, type PrefixWriter } from './writer';

const SKIP = new Set(['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations']);
const ACRONYMS = new Set(['API', 'URL', 'UID', 'OSB', 'GUID']);

export function describeGeneric(ctx: DescribeContext, o: KubeObject): string {
  const events = eventsOf(ctx, o);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${o.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${o.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', o.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
    printContent(w, LEVEL_0, o, '');
    describeEvents(events, w, ctx.now);
  });
}

function printContent(w: PrefixWriter, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const key of Object.keys(content).sort(compare)) {
    const path = `${prefix}.${key}`;
    if (SKIP.has(path)) continue;
    const value = content[key];
    if (isObject(value)) {
      w.write(level, `${smartLabel(key)}:\n`);
      printContent(w, level + 1, value, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(key)}:\n`);
      for (const child of value as unknown[]) {
        if (isObject(child)) printContent(w, level + 1, child, path);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else {
      w.write(level, `${smartLabel(key)}:\t${goValue(value)}\n`);
    }
  }
}

/** fmt's %v of a JSON scalar. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number' && !Number.isInteger(v)) return formatFloat(v);
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

/** %v of a float64: shortest representation, exponent form for large or tiny values (strconv 'g'). */
function formatFloat(v: number): string {
  const exp = Math.floor(Math.log10(Math.abs(v)));
  if (exp < -4 || exp >= 21) return v.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  return String(v);
}

/** smartLabelFor: split camelCase into Title Case words, keeping known acronyms upper-case. */
export function smartLabel(field: string): string {
  if (/[^\p{L}-]/u.test(field)) return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.has(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

type CharClass = 'lower' | 'upper' | 'digit' | 'other';

function charClass(c: string): CharClass {
  if (/\p{Ll}/u.test(c)) return 'lower';
  if (/\p{Lu}/u.test(c)) return 'upper';
  if (/\p{Nd}/u.test(c)) return 'digit';
  return 'other';
}

/** fatih/camelcase.Split: runs of one character class; an upper run followed by a lower run gives up its last letter. */
function camelcaseSplit(s: string): string[] {
  const runs: string[][] = [];
  let last: CharClass | undefined;
  for (const c of s) {
    const cls = charClass(c);
    if (cls === last) runs[runs.length - 1].push(c);
    else runs.push([c]);
    last = cls;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    if (charClass(runs[i][0]) === 'upper' && charClass(runs[i + 1][0]) === 'lower') {
      runs[i + 1].unshift(runs[i].pop() as string);
    }
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(''));
}
