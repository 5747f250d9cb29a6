// The DaemonSet describer: node counts, the pods' phases and the template.
import { fromLabelSelector } from '../../runtime/api/selectors';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { formatLabels, num, obj, selectorString, spec, status } from './format';
import { podsStatusLine, podStatusForController } from './podstatus';
import { describePodTemplate } from './podtemplate';
import { tabbedString, LEVEL_0 } from './writer';

export function describeDaemonSet(ctx: DescribeContext, ds: KubeObject): string {
  const s = spec(ds);
  const st = status(ds);
  const counts = podStatusForController(ctx, ds, fromLabelSelector(s.selector));
  const events = eventsOf(ctx, ds);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ds.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ds.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(s.selector)}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(obj(obj(s.template).spec).nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${num(st.desiredNumberScheduled)}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${num(st.currentNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${num(st.updatedNumberScheduled)}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${num(st.numberAvailable)}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${num(st.numberMisscheduled)}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(s.template, w);
    describeEvents(events, w, ctx.now);
  });
}
