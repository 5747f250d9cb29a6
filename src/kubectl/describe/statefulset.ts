// The StatefulSet describer: replicas, update strategy, the pods' phases, the
// template and the volume claim templates.
import { fromLabelSelector } from '../../runtime/api/selectors';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { goSlice, intOrString, list, num, obj, quantity, rfc1123z, selectorString, spec, status, str } from './format';
import { podsStatusLine, podStatusForController } from './podstatus';
import { describePodTemplate } from './podtemplate';
import { tabbedString, LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export function describeStatefulSet(ctx: DescribeContext, sts: KubeObject): string {
  const s = spec(sts);
  const counts = podStatusForController(ctx, sts, fromLabelSelector(s.selector));
  const events = eventsOf(ctx, sts);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sts.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sts.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(s.selector)}\n`);
    printLabelsMultiline(w, 'Labels', sts.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sts.metadata.annotations);
    w.write(LEVEL_0, `Replicas:\t${num(s.replicas)} desired | ${num(status(sts).replicas)} total\n`);
    const strategy = obj(s.updateStrategy);
    w.write(LEVEL_0, `Update Strategy:\t${str(strategy.type)}\n`);
    const ru = obj(strategy.rollingUpdate);
    if (typeof ru.partition === 'number') {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(s.template, w);
    describeVolumeClaimTemplates(s.volumeClaimTemplates, w);
    describeEvents(events, w, ctx.now);
  });
}

function describeVolumeClaimTemplates(templates: unknown, w: PrefixWriter): void {
  const items = list(templates);
  if (items.length === 0) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of items) {
    const meta = obj(pvc.metadata);
    const ps = obj(pvc.spec);
    w.write(LEVEL_1, `Name:\t${str(meta.name)}\n`);
    w.write(LEVEL_1, `StorageClass:\t${str(ps.storageClassName)}\n`);
    printLabelsMultiline(w, 'Labels', meta.labels, '  ');
    printLabelsMultiline(w, 'Annotations', meta.annotations, '  ');
    const requests = obj(obj(ps.resources).requests);
    w.write(LEVEL_1, `Capacity:\t${'storage' in requests ? quantity(requests.storage) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t${goSlice(ps.accessModes)}\n`);
  }
}
