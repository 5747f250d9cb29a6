// ReplicaSets: printReplicaSet (DESIRED is spec.replicas, CURRENT and READY from status).
import { field } from '../../../runtime/api/types';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, formatLabelSelector, num, str } from './helpers';
import type { TablePrinter } from './types';

export const replicaSetPrinter: TablePrinter = {
  columns: [NAME, { name: 'Desired' }, { name: 'Current' }, { name: 'Ready' }, AGE, ...templateColumns(true)],
  row(rs, ctx) {
    const [names, images] = containerCells(field(rs, 'spec', 'template', 'spec'));
    return [
      str(rs.metadata.name),
      num(field(rs, 'spec', 'replicas')),
      num(field(rs, 'status', 'replicas')),
      num(field(rs, 'status', 'readyReplicas')),
      age(rs, ctx.now),
      names,
      images,
      formatLabelSelector(field(rs, 'spec', 'selector')),
    ];
  },
};
