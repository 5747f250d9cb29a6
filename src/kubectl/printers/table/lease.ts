// Leases: printLease (HOLDER is spec.holderIdentity).
import { field } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const leasePrinter: TablePrinter = {
  columns: [NAME, { name: 'Holder' }, AGE],
  row(lease, ctx) {
    return [str(lease.metadata.name), str(field(lease, 'spec', 'holderIdentity')), age(lease, ctx.now)];
  },
};
