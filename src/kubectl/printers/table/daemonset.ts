// DaemonSets: printDaemonSet; NODE SELECTOR is the pod template's nodeSelector.
import { field } from '../../../runtime/api/types';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, formatLabelSelector, formatLabels, num, str } from './helpers';
import type { TablePrinter } from './types';

export const daemonSetPrinter: TablePrinter = {
  columns: [
    NAME,
    { name: 'Desired' },
    { name: 'Current' },
    { name: 'Ready' },
    { name: 'Up-to-date' },
    { name: 'Available' },
    { name: 'Node Selector' },
    AGE,
    ...templateColumns(true),
  ],
  row(ds, ctx) {
    const status = field(ds, 'status');
    const podSpec = field(ds, 'spec', 'template', 'spec');
    const [names, images] = containerCells(podSpec);
    return [
      str(ds.metadata.name),
      num(field(status, 'desiredNumberScheduled')),
      num(field(status, 'currentNumberScheduled')),
      num(field(status, 'numberReady')),
      num(field(status, 'updatedNumberScheduled')),
      num(field(status, 'numberAvailable')),
      formatLabels(field(podSpec, 'nodeSelector')),
      age(ds, ctx.now),
      names,
      images,
      formatLabelSelector(field(ds, 'spec', 'selector')),
    ];
  },
};
