// ReplicaSet and ReplicationController describers: selector, replica counts,
// the pods' phases, the pod template, conditions and events.
import { fromLabelSelector, fromMap } from '../../runtime/api/selectors';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { controlledBy, formatLabels, formatLabelSelector, list, num, spec, status, str } from './format';
import { podsStatusLine, podStatusForController } from './podstatus';
import { describePodTemplate } from './podtemplate';
import { tabbedString, LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export function describeReplicaSet(ctx: DescribeContext, rs: KubeObject): string {
  const s = spec(rs);
  const counts = podStatusForController(ctx, rs, fromLabelSelector(s.selector));
  const events = eventsOf(ctx, rs);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(s.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
    const owner = controlledBy(rs);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    w.write(LEVEL_0, `Replicas:\t${num(status(rs).replicas)} current / ${num(s.replicas)} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    w.write(LEVEL_0, `${podsStatusLine(counts)}\n`);
    describePodTemplate(s.template, w);
    describeReplicaConditions(status(rs), w);
    describeEvents(events, w, ctx.now);
  });
}

export function describeReplicationController(ctx: DescribeContext, rc: KubeObject): string {
  const s = spec(rc);
  const counts = podStatusForController(ctx, rc, fromMap(s.selector));
  const events = eventsOf(ctx, rc);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${rc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(s.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', rc.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${num(status(rc).replicas)} current / ${num(s.replicas)} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(s.template, w);
    describeReplicaConditions(status(rc), w);
    describeEvents(events, w, ctx.now);
  });
}

/** The `Type Status Reason` conditions table of ReplicaSets, RCs and Deployments. */
export function describeReplicaConditions(st: Record<string, unknown>, w: PrefixWriter): void {
  const conditions = list(st.conditions);
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)}\t${str(c.reason)}\n`);
}
