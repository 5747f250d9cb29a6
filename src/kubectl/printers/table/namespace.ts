// Namespaces: printNamespace (STATUS is the phase: Active or Terminating).
import { field } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const namespacePrinter: TablePrinter = {
  columns: [NAME, { name: 'Status' }, AGE],
  row(ns, ctx) {
    return [str(ns.metadata.name), str(field(ns, 'status', 'phase')), age(ns, ctx.now)];
  },
};
