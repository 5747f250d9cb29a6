// What a describer gets: the apiserver to read related objects from (pods of a
// ReplicaSet, events, endpoint slices …), the simulated now for ages, and
// describe's settings.
import type { ApiServer } from '../../runtime/api/apiserver';
import type { KubeObject } from '../../runtime/api/types';
import { refOf, searchEvents, type EventRef } from './events';

export interface DescribeContext {
  readonly api: ApiServer;
  /** The simulated clock's now, in ms. */
  readonly now: number;
  /** --show-events */
  readonly showEvents: boolean;
}

/** One kind's describer: the whole text for one object. */
export type Describer = (ctx: DescribeContext, obj: KubeObject) => string;

/** The object's events when --show-events is on, else undefined (no Events section at all). */
export function eventsOf(ctx: DescribeContext, o: KubeObject, ref: EventRef = refOf(o)): KubeObject[] | undefined {
  return ctx.showEvents ? searchEvents(ctx.api, ref) : undefined;
}
