// ResourceQuotas: printResourceQuota. `name: used/hard` pairs sorted by name;
// limits.* go to LIMIT, everything else to REQUEST.
import { field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const resourceQuotaPrinter: TablePrinter = {
  columns: [NAME, { name: 'Request' }, { name: 'Limit' }, AGE],
  row(quota, ctx) {
    const hard = field(quota, 'status', 'hard');
    const used = field(quota, 'status', 'used');
    const request: string[] = [];
    const limit: string[] = [];
    for (const name of isObject(hard) ? Object.keys(hard).sort() : []) {
      const pair = `${name}: ${str(field(used, name)) || '0'}/${str(field(hard, name))}`;
      (name.split('.').length > 1 && name.split('.')[0] === 'limits' ? limit : request).push(pair);
    }
    return [str(quota.metadata.name), request.join(', '), limit.join(', '), age(quota, ctx.now)];
  },
};
