// --sort-by: order rows (or list items) by a JSONPath field, as kubectl's
// sorter compares values — numbers numerically, two quantities by amount,
// other strings in natural order (file2 < file10); a missing field sorts first.
import { parseQuantity, milliValue } from '../../../runtime/api/quantity';
import { KubectlError } from '../../errors';
import { evaluate, parseJSONPath, relaxedJSONPath, type Segment } from '../jsonpath';

export function sortByField<T>(items: readonly T[], objectOf: (item: T) => unknown, sortBy: string): T[] {
  const template = compile(sortBy);
  const keyed = items.map((item) => ({ item, key: evaluate(template, objectOf(item), { allowMissingKeys: true }).flat()[0] }));
  return keyed.sort((a, b) => compareValues(a.key, b.key)).map((k) => k.item);
}

function compile(sortBy: string): Segment[] {
  let expr: string;
  try {
    expr = relaxedJSONPath(sortBy);
  } catch {
    expr = sortBy;
  }
  try {
    return parseJSONPath(expr);
  } catch (e) {
    throw new KubectlError(`error parsing jsonpath ${expr}, ${(e as Error).message}`);
  }
}

function compareValues(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (typeof a === 'string' && typeof b === 'string') {
    if (parseQuantity(a) && parseQuantity(b)) return milliValue(a) - milliValue(b);
    return naturalCompare(a, b);
  }
  return naturalCompare(JSON.stringify(a), JSON.stringify(b));
}

/** sortorder.NaturalLess: runs of digits compare as numbers. */
export function naturalCompare(a: string, b: string): number {
  const re = /(\d+|\D+)/g;
  const pa = a.match(re) ?? [];
  const pb = b.match(re) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === y) continue;
    const dx = /^\d/.test(x);
    const dy = /^\d/.test(y);
    if (dx && dy) {
      const nx = Number(x);
      const ny = Number(y);
      if (nx !== ny) return nx - ny;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length;
}
