// PodDisruptionBudgets: printPodDisruptionBudget. Unset bounds print N/A.
import { field } from '../../../runtime/api/types';
import { AGE, NAME, age, num, str } from './helpers';
import type { TablePrinter } from './types';

export const podDisruptionBudgetPrinter: TablePrinter = {
  columns: [NAME, { name: 'Min Available' }, { name: 'Max Unavailable' }, { name: 'Allowed Disruptions' }, AGE],
  row(pdb, ctx) {
    const bound = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : 'N/A');
    return [
      str(pdb.metadata.name),
      bound(field(pdb, 'spec', 'minAvailable')),
      bound(field(pdb, 'spec', 'maxUnavailable')),
      num(field(pdb, 'status', 'disruptionsAllowed')),
      age(pdb, ctx.now),
    ];
  },
};
