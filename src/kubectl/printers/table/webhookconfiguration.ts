// Mutating and validating webhook configurations: WEBHOOKS counts the hooks.
import { asArray } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const webhookConfigurationPrinter: TablePrinter = {
  columns: [NAME, { name: 'Webhooks' }, AGE],
  row(cfg, ctx) {
    return [str(cfg.metadata.name), asArray(cfg.webhooks).length, age(cfg, ctx.now)];
  },
};
