// NetworkPolicies: printNetworkPolicy. POD-SELECTOR is FormatLabelSelector (<none> selects all).
import { field } from '../../../runtime/api/types';
import { AGE, NAME, age, formatLabelSelector, str } from './helpers';
import type { TablePrinter } from './types';

export const networkPolicyPrinter: TablePrinter = {
  columns: [NAME, { name: 'Pod-Selector' }, AGE],
  row(np, ctx) {
    return [str(np.metadata.name), formatLabelSelector(field(np, 'spec', 'podSelector') ?? {}), age(np, ctx.now)];
  },
};
