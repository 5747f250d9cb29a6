// kubectl get -w / --watch-only: print the current objects, then one row (or
// document) per watch event as simulated time runs. The tab writer remembers
// column widths, so later rows line up with the first table.
import type { WatchEvent } from '../../runtime/api/apiserver';
import type { KubeObject } from '../../runtime/api/types';
import { errorText, KubectlError } from '../errors';
import { typeName } from '../objects';
import { printCustomColumns } from '../printers/customcolumns';
import { printGeneric, humanPrinter, type OutputFormat } from '../printers/print';
import { tableRows, type HumanReadablePrinter } from '../printers/table/humanreadable';
import { tablePrinterFor } from '../printers/table/index';
import { TabWriter, TABLE_OPTIONS } from '../printers/tabwriter';
import type { KubectlResult, Output } from '../types';
import { fetchGroups, NO_RESOURCE_ARGS, type GetRequest } from './get';

type Emit = (object: KubeObject, eventType: string) => string;

export function watchObjects(req: GetRequest): KubectlResult {
  const { ctx } = req;
  const f = ctx.flags;
  const types = new Set(req.refs.map((r) => `${r.type.group}/${r.type.resource}`));
  if (types.size === 0) throw new KubectlError(NO_RESOURCE_ARGS);
  if (types.size > 1) throw new KubectlError('watch is only supported on individual resources and resource collections - more than 1 resource was found');
  const type = req.refs[0].type;
  const names = new Set(req.refs.flatMap((r) => (r.name === undefined ? [] : [r.name])));
  const stderr = f.string('sort-by') ? 'warning: --watch or --watch-only requested, --sort-by will be ignored\n' : '';
  const { groups, errors } = fetchGroups(req);
  if (errors.length) return { stdout: '', stderr: stderr + errors.map((e) => errorText(e, ctx.path)).join(''), exitCode: 1 };
  const emit = emitter(req);
  const withEvents = f.bool('output-watch-events');
  const initial = f.bool('watch-only') ? '' : groups.flatMap((g) => g.objects).map((o) => emit(o, withEvents ? 'ADDED' : '')).join('');
  const api = ctx.env.cluster.api;
  const resourceVersion = api.list(typeName(type), { namespace: type.namespaced && !req.allNamespaces ? req.namespace : undefined }).resourceVersion;
  return {
    stdout: initial,
    stderr,
    exitCode: 0,
    follow: {
      start(write: (out: Output) => void) {
        const watch = api.watch(
          typeName(type),
          {
            namespace: type.namespaced && !req.allNamespaces ? req.namespace : undefined,
            labelSelector: req.labelSelector || undefined,
            fieldSelector: req.fieldSelector || undefined,
            resourceVersion,
          },
          (e: WatchEvent) => {
            if (e.type === 'ERROR' || (names.size && !names.has(e.object.metadata.name ?? ''))) return;
            const text = emit(e.object, withEvents ? e.type : '');
            if (text) write({ stdout: text });
          },
        );
        return () => watch.stop();
      },
    },
  };
}

/** One printer for the whole watch: tables keep their header state and widths. */
function emitter(req: GetRequest): Emit {
  const { ctx, format } = req;
  const f = ctx.flags;
  const type = req.refs[0].type;
  const api = ctx.env.cluster.api;
  if (format.kind === 'table') {
    const writer = new TabWriter(TABLE_OPTIONS);
    const printer: HumanReadablePrinter = humanPrinter(
      type,
      { api, wide: format.wide, noHeaders: f.bool('no-headers'), allNamespaces: req.allNamespaces, showKind: f.bool('show-kind'), showLabels: f.bool('show-labels'), labelColumns: f.strings('label-columns') },
      f.bool('show-kind'),
    );
    const table = tablePrinterFor(type, api);
    return (object, eventType) => {
      printer.print(tableRows(table, [object], ctx.env.cluster.clock.now()), writer, eventType || undefined);
      return writer.flush();
    };
  }
  return genericEmitter(format, f.bool('no-headers'));
}

function genericEmitter(format: Exclude<OutputFormat, { kind: 'table' }>, noHeaders: boolean): Emit {
  let count = 0;
  const writer = new TabWriter(TABLE_OPTIONS);
  return (object, eventType) => {
    count++;
    if (format.kind === 'custom-columns') return printCustomColumns(format.columns, [object], noHeaders || count > 1, writer);
    // --output-watch-events wraps each object in a metav1.WatchEvent: {object, type}.
    const data = eventType && format.kind !== 'name' ? ({ object, type: eventType } as unknown as KubeObject) : object;
    const printed = printGeneric([data], format, { singleItem: true });
    return format.kind === 'yaml' && count > 1 ? `---\n${printed}` : printed;
  };
}
