// StatefulSets: printStatefulSet. READY is ready/spec.replicas; no wide selector.
import { field } from '../../../runtime/api/types';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, num, str } from './helpers';
import type { TablePrinter } from './types';

export const statefulSetPrinter: TablePrinter = {
  columns: [NAME, { name: 'Ready' }, AGE, ...templateColumns(false)],
  row(sts, ctx) {
    const [names, images] = containerCells(field(sts, 'spec', 'template', 'spec'));
    return [str(sts.metadata.name), `${num(field(sts, 'status', 'readyReplicas'))}/${num(field(sts, 'spec', 'replicas'))}`, age(sts, ctx.now), names, images];
  },
};
