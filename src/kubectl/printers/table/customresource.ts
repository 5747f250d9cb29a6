// Custom resources: the CRD's additionalPrinterColumns for the served version
// (apiextensions' table convertor), or NAME AGE when it declares none.
import type { KubeObject } from '../../../runtime/api/types';
import { asArray, field, isObject } from '../../../runtime/api/types';
import { evaluate, parseJSONPath } from '../jsonpath';
import { AGE, NAME, age, since, str } from './helpers';
import type { Cell, Column, TablePrinter } from './types';

interface PrinterColumn {
  column: Column;
  type: string;
  path: string;
}

export function customResourcePrinter(crd: KubeObject | undefined, version: string): TablePrinter {
  const version_ = asArray(field(crd, 'spec', 'versions')).find((v) => field(v, 'name') === version);
  const declared = asArray(field(version_, 'additionalPrinterColumns')).filter(isObject);
  if (declared.length === 0) {
    return { columns: [NAME, AGE], row: (obj, ctx) => [str(obj.metadata.name), age(obj, ctx.now)] };
  }
  const columns: PrinterColumn[] = declared.map((c) => ({
    column: { name: str(c.name), priority: typeof c.priority === 'number' ? c.priority : 0 },
    type: str(c.type),
    path: str(c.jsonPath),
  }));
  return {
    columns: [NAME, ...columns.map((c) => c.column)],
    row: (obj, ctx) => [str(obj.metadata.name), ...columns.map((c) => columnCell(obj, c, ctx.now))],
  };
}

function columnCell(obj: KubeObject, c: PrinterColumn, now: number): Cell {
  let values: unknown[];
  try {
    values = evaluate(parseJSONPath(`{${c.path}}`), obj)[0] ?? [];
  } catch {
    return '';
  }
  if (values.length === 0 || values[0] === undefined || values[0] === null) return '<none>';
  const v = values[0];
  if (c.type === 'date') return typeof v === 'string' ? since(v, now) : '<invalid>';
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}
