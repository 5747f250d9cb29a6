// PriorityClasses: printPriorityClass. PREEMPTIONPOLICY is a wide column.
import { AGE, NAME, age, num, str } from './helpers';
import type { TablePrinter } from './types';

export const priorityClassPrinter: TablePrinter = {
  columns: [NAME, { name: 'Value' }, { name: 'Global-Default' }, AGE, { name: 'PreemptionPolicy', priority: 1 }],
  row(pc, ctx) {
    return [str(pc.metadata.name), num(pc.value), pc.globalDefault === true, age(pc, ctx.now), str(pc.preemptionPolicy)];
  },
};
