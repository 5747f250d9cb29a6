// DescribePodTemplate: the `Pod Template:` block of every workload describer.
import { isObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './blocks';
import { describeContainers } from './containers';
import { obj, str } from './format';
import { describeTopologySpreadConstraints } from './topology';
import { describeVolumes } from './volumes';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

export function describePodTemplate(template: unknown, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!isObject(template)) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const meta = obj(template.metadata);
  const spec = obj(template.spec);
  printLabelsMultiline(w, '  Labels', meta.labels);
  if (Object.keys(obj(meta.annotations)).length) printAnnotationsMultiline(w, '  Annotations', meta.annotations);
  if (str(spec.serviceAccountName)) w.write(LEVEL_1, `Service Account:\t${str(spec.serviceAccountName)}\n`);
  if (Array.isArray(spec.initContainers) && spec.initContainers.length) describeContainers('Init Containers', spec.initContainers, undefined, undefined, w, '  ');
  describeContainers('Containers', spec.containers, undefined, undefined, w, '  ');
  describeVolumes(spec.volumes, w, '  ');
  describeTopologySpreadConstraints(spec.topologySpreadConstraints, w, '  ');
  if (str(spec.priorityClassName)) w.write(LEVEL_1, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  printTolerationsMultiline(w, '  Tolerations', spec.tolerations);
}
