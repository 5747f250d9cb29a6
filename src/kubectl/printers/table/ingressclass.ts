// IngressClasses: printIngressClass. PARAMETERS is Kind[.apiGroup]/name or <none>.
import { field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const ingressClassPrinter: TablePrinter = {
  columns: [NAME, { name: 'Controller' }, { name: 'Parameters' }, AGE],
  row(ic, ctx) {
    const p = field(ic, 'spec', 'parameters');
    let parameters = '<none>';
    if (isObject(p)) {
      parameters = str(p.kind) + (typeof p.apiGroup === 'string' ? `.${p.apiGroup}` : '') + `/${str(p.name)}`;
    }
    return [str(ic.metadata.name), str(field(ic, 'spec', 'controller')), parameters, age(ic, ctx.now)];
  },
};
