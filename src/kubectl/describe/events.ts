// searchEvents and DescribeEvents: the events whose involvedObject names the
// described object, printed oldest first as the Events table with ages like
// `2m`, `5s (x3 over 40s)`.
import type { ApiServer } from '../../runtime/api/apiserver';
import { isObject, type KubeObject } from '../../runtime/api/types';
import { stableSort } from './blocks';
import { num, obj, since, str, timestampMs } from './format';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export interface EventRef {
  /** Empty: any kind (the pod describer clears it, as upstream does). */
  kind: string;
  name: string;
  /** Empty for cluster-scoped objects: their events are searched in every namespace. */
  namespace: string;
  uid: string;
}

export function refOf(o: KubeObject): EventRef {
  return { kind: o.kind, name: o.metadata.name ?? '', namespace: o.metadata.namespace ?? '', uid: o.metadata.uid ?? '' };
}

/**
 * The field selector kubectl sends (involvedObject.name, .namespace, .kind, .uid).
 * An event without a uid still matches by kind, name and namespace: the sandbox's
 * taint-eviction events are recorded that way.
 */
export function searchEvents(api: ApiServer, ref: EventRef): KubeObject[] {
  const events = api.list('events', ref.namespace ? { namespace: ref.namespace } : {}).items;
  return events.filter((e) => {
    const io = obj(e.involvedObject);
    if (str(io.name) !== ref.name || str(io.namespace) !== ref.namespace) return false;
    if (ref.kind && str(io.kind) !== ref.kind) return false;
    const uid = str(io.uid);
    return !ref.uid || uid === '' || uid === ref.uid;
  });
}

/** event.SortableEvents: series last-observed time, else lastTimestamp, else eventTime. */
function sortTime(e: KubeObject): number {
  const series = obj(e.series);
  return timestampMs(series.lastObservedTime) ?? timestampMs(e.lastTimestamp) ?? timestampMs(e.eventTime) ?? 0;
}

/** The Age cell: `<age>`, or `<last> (xN over <first>)` for repeated events. */
export function eventInterval(e: KubeObject, now: number): string {
  const first = timestampMs(e.eventTime) === undefined ? since(now, e.firstTimestamp) : since(now, e.eventTime);
  const series = obj(e.series);
  if (isObject(e.series)) return `${since(now, series.lastObservedTime)} (x${num(series.count)} over ${first})`;
  if (num(e.count) > 1) return `${since(now, e.lastTimestamp)} (x${num(e.count)} over ${first})`;
  return first;
}

export function describeEvents(events: KubeObject[] | undefined, w: PrefixWriter, now: number): void {
  if (!events) return;
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  // Ties keep the order the apiserver listed them in (sort.Sort on short lists is an insertion sort).
  const sorted = stableSort(events, (a, b) => sortTime(a) - sortTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    const source = str(obj(e.source).component) || str(e.reportingComponent);
    w.write(LEVEL_1, `${str(e.type)}\t${str(e.reason)}\t${eventInterval(e, now)}\t${source}\t${str(e.message).trim()}\n`);
  }
}
