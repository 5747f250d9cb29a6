// ServiceCIDRs and IPAddresses (networking.k8s.io): the cluster's service ranges and allocated IPs.
import { asArray, field, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const serviceCIDRPrinter: TablePrinter = {
  columns: [NAME, { name: 'CIDRs' }, AGE],
  row(cidr, ctx) {
    return [str(cidr.metadata.name), asArray(field(cidr, 'spec', 'cidrs')).map(String).join(','), age(cidr, ctx.now)];
  },
};

export const ipAddressPrinter: TablePrinter = {
  columns: [NAME, { name: 'ParentRef' }],
  row(ip) {
    const ref = field(ip, 'spec', 'parentRef');
    let parent = '<none>';
    if (isObject(ref)) {
      const group = str(ref.group);
      parent = (group ? `${str(ref.resource)}.${group}` : str(ref.resource)).toLowerCase();
      if (str(ref.namespace)) parent += `/${str(ref.namespace)}`;
      parent += `/${str(ref.name)}`;
    }
    return [str(ip.metadata.name), parent];
  },
};
