// kubectl's HumanReadablePrinter over server tables: decorate (NAMESPACE first,
// kind/name with --show-kind, -L label columns, LABELS last, EVENT for
// --output-watch-events), hide wide columns, upper-case headers, and print a
// header only once per run of rows with the same columns, never for no rows.
import type { KubeObject } from '../../../runtime/api/types';
import { TabWriter } from '../tabwriter';
import { formatLabels } from './helpers';
import type { Cell, Column, TablePrinter } from './types';

export interface HumanOptions {
  wide: boolean;
  noHeaders: boolean;
  /** -A on a namespaced type. */
  withNamespace: boolean;
  /** `pod`, `deployment.apps`: prefix names with it (several kinds, or --show-kind). */
  kindPrefix?: string;
  showLabels: boolean;
  /** -L keys. */
  labelColumns: readonly string[];
}

export interface Row {
  object: KubeObject;
  cells: Cell[];
}

/** The server's table rows. The server always generates wide cells; the client hides them. */
export function tableRows(printer: TablePrinter, objects: readonly KubeObject[], now: number): Row[] {
  return objects.map((object) => ({ object, cells: printer.row(object, { now, wide: true }) }));
}

const WATCH_EVENT: Record<string, string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ', ERROR: 'ERROR   ' };

export class HumanReadablePrinter {
  private printedHeaders = false;

  constructor(
    private readonly printer: TablePrinter,
    private readonly opts: HumanOptions,
  ) {}

  /** Write rows (and the header, the first time there are rows) to the tab writer. */
  print(rows: readonly Row[], w: TabWriter, eventType?: string): void {
    if (rows.length === 0) return;
    const { columns, lines } = this.decorate(rows, eventType);
    if (!this.opts.noHeaders && !this.printedHeaders) w.write(columns.map((c) => c.name.toUpperCase()).join('\t') + '\n');
    this.printedHeaders = true;
    for (const line of lines) w.write(line.join('\t') + '\n');
  }

  private decorate(rows: readonly Row[], eventType: string | undefined): { columns: Column[]; lines: string[][] } {
    const o = this.opts;
    const base = this.printer.columns;
    const nameIndex = o.kindPrefix ? base.findIndex((c) => c.isName) : -1;
    const columns: Column[] = [
      ...(eventType ? [{ name: 'Event' }] : []),
      ...(o.withNamespace ? [{ name: 'Namespace' }] : []),
      ...base,
      ...o.labelColumns.map((l) => ({ name: l.split('/').pop() ?? l })),
      ...(o.showLabels ? [{ name: 'Labels' }] : []),
    ];
    const lines = rows.map((row) => {
      const cells = row.cells.map((c, i) => (i === nameIndex ? `${o.kindPrefix}/${cellText(c)}` : c));
      const labels = row.object.metadata.labels ?? {};
      return [
        ...(eventType ? [WATCH_EVENT[eventType] ?? eventType] : []),
        ...(o.withNamespace ? [row.object.metadata.namespace ?? ''] : []),
        ...cells,
        ...o.labelColumns.map((k) => labels[k] ?? ''),
        ...(o.showLabels ? [formatLabels(labels)] : []),
      ];
    });
    const visible = columns.map((c) => o.wide || !c.priority);
    return {
      columns: columns.filter((_, i) => visible[i]),
      lines: lines.map((cells) => cells.filter((_, i) => visible[i]).map(cellText)),
    };
  }
}

/** fmt.Sprint of a cell; a value with a line break is cut there and marked "...". */
export function cellText(c: Cell): string {
  const s = typeof c === 'string' ? c : String(c);
  const br = s.search(/[\f\n\r]/);
  return br >= 0 ? `${s.slice(0, br)}...` : s;
}
