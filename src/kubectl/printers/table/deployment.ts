// Deployments: printDeployment. READY is ready/spec.replicas.
import { field } from '../../../runtime/api/types';
import { AGE, NAME, age, containerCells, num, selectorString, str } from './helpers';
import type { TablePrinter } from './types';

export const deploymentPrinter: TablePrinter = {
  columns: [NAME, { name: 'Ready' }, { name: 'Up-to-date' }, { name: 'Available' }, AGE, ...templateColumns(true)],
  row(d, ctx) {
    const status = field(d, 'status');
    const [names, images] = containerCells(field(d, 'spec', 'template', 'spec'));
    return [
      str(d.metadata.name),
      `${num(field(status, 'readyReplicas'))}/${num(field(d, 'spec', 'replicas'))}`,
      num(field(status, 'updatedReplicas')),
      num(field(status, 'availableReplicas')),
      age(d, ctx.now),
      names,
      images,
      selectorString(field(d, 'spec', 'selector')),
    ];
  },
};

/** The wide CONTAINERS, IMAGES (and SELECTOR) columns of the workload printers. */
export function templateColumns(withSelector: boolean): { name: string; priority: number }[] {
  const cols = [{ name: 'Containers', priority: 1 }, { name: 'Images', priority: 1 }];
  return withSelector ? [...cols, { name: 'Selector', priority: 1 }] : cols;
}
