// ServiceAccounts: printServiceAccount. SECRETS counts the legacy token secrets (0 since 1.24).
import { asArray } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const serviceAccountPrinter: TablePrinter = {
  columns: [NAME, { name: 'Secrets' }, AGE],
  row(sa, ctx) {
    return [str(sa.metadata.name), asArray(sa.secrets).length, age(sa, ctx.now)];
  },
};
