// Events (core/v1): printEvent. LAST SEEN falls back to the first timestamp and
// then eventTime; a series carries its own count and last time; COUNT is 1 for singletons.
import { field, type KubeObject } from '../../../runtime/api/types';
import { NAME, since, str } from './helpers';
import type { TablePrinter } from './types';

export const eventPrinter: TablePrinter = {
  columns: [
    { name: 'Last Seen' },
    { name: 'Type' },
    { name: 'Reason' },
    { name: 'Object' },
    { name: 'Subobject', priority: 1 },
    { name: 'Source', priority: 1 },
    { name: 'Message' },
    { name: 'First Seen', priority: 1 },
    { name: 'Count', priority: 1 },
    { ...NAME, priority: 1 },
  ],
  row(ev, ctx) {
    const first = ev.firstTimestamp ? since(ev.firstTimestamp, ctx.now) : since(ev.eventTime, ctx.now);
    let last = ev.lastTimestamp ? since(ev.lastTimestamp, ctx.now) : first;
    let count = typeof ev.count === 'number' ? ev.count : 0;
    const series = field(ev, 'series');
    if (series !== undefined && series !== null) {
      last = since(field(series, 'lastObservedTime'), ctx.now);
      count = Number(field(series, 'count') ?? 0);
    } else if (count === 0) {
      count = 1;
    }
    return [last, str(ev.type), str(ev.reason), target(ev), str(field(ev, 'involvedObject', 'fieldPath')), source(ev), str(ev.message).trim(), first, count, str(ev.metadata.name)];
  },
};

function target(ev: KubeObject): string {
  const kind = str(field(ev, 'involvedObject', 'kind')).toLowerCase();
  const name = str(field(ev, 'involvedObject', 'name'));
  return name ? `${kind}/${name}` : kind;
}

/** formatEventSource: component (or reportingController), then ", host" (or reportingInstance) when set. */
function source(ev: KubeObject): string {
  const component = str(field(ev, 'source', 'component')) || str(ev.reportingComponent) || str(ev.reportingController);
  const host = str(field(ev, 'source', 'host')) || str(ev.reportingInstance);
  return host ? `${component}, ${host}` : component;
}
