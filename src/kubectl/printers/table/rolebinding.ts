// RoleBindings and ClusterRoleBindings: printRoleBinding. ROLE is Kind/name;
// -o wide lists the subjects by kind (rbac.SubjectsStrings).
import { asArray, field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const roleBindingPrinter: TablePrinter = {
  columns: [NAME, { name: 'Role' }, AGE, { name: 'Users', priority: 1 }, { name: 'Groups', priority: 1 }, { name: 'ServiceAccounts', priority: 1 }],
  row(rb, ctx) {
    const users: string[] = [];
    const groups: string[] = [];
    const sas: string[] = [];
    for (const s of asArray(rb.subjects).filter(isObject)) {
      if (s.kind === 'User') users.push(str(s.name));
      else if (s.kind === 'Group') groups.push(str(s.name));
      else if (s.kind === 'ServiceAccount') sas.push(`${str(s.namespace)}/${str(s.name)}`);
    }
    const roleRef = `${str(field(rb, 'roleRef', 'kind'))}/${str(field(rb, 'roleRef', 'name'))}`;
    return [str(rb.metadata.name), roleRef, age(rb, ctx.now), users.join(', '), groups.join(', '), sas.join(', ')];
  },
};
