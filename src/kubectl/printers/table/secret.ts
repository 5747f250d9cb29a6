// Secrets: printSecret. DATA counts the data keys (stringData is merged on write).
import { isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const secretPrinter: TablePrinter = {
  columns: [NAME, { name: 'Type' }, { name: 'Data' }, AGE],
  row(secret, ctx) {
    return [str(secret.metadata.name), str(secret.type), isObject(secret.data) ? Object.keys(secret.data).length : 0, age(secret, ctx.now)];
  },
};
