// ReplicationControllers: printReplicationController; its selector is a plain label map.
import { field } from '../../../runtime/api/types';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, formatLabels, num, str } from './helpers';
import type { TablePrinter } from './types';

export const replicationControllerPrinter: TablePrinter = {
  columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE, ...templateColumns(true)],
  row(rc, ctx) {
    const [names, images] = containerCells(field(rc, 'spec', 'template', 'spec'));
    return [
      str(rc.metadata.name),
      num(field(rc, 'spec', 'replicas')),
      num(field(rc, 'status', 'replicas')),
      num(field(rc, 'status', 'readyReplicas')),
      age(rc, ctx.now),
      names,
      images,
      formatLabels(field(rc, 'spec', 'selector')),
    ];
  },
};
