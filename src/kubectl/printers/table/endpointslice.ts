// EndpointSlices: printEndpointSlice. Ports and addresses, three at most, `<unset>` when none.
import { asArray, isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const endpointSlicePrinter: TablePrinter = {
  columns: [NAME, { name: 'AddressType' }, { name: 'Ports' }, { name: 'Endpoints' }, AGE],
  row(slice, ctx) {
    const ports = asArray(slice.ports)
      .filter(isObject)
      .map((p) => (typeof p.port === 'number' ? String(p.port) : typeof p.name === 'string' ? p.name : '*'));
    const addresses = asArray(slice.endpoints)
      .filter(isObject)
      .flatMap((e) => asArray(e.addresses).map(String));
    return [str(slice.metadata.name), str(slice.addressType), moreOrUnset(ports), moreOrUnset(addresses), age(slice, ctx.now)];
  },
};

function moreOrUnset(items: string[]): string {
  const max = 3;
  const text = items.slice(0, max).join(',');
  if (items.length > max) return `${text} + ${items.length - max} more...`;
  return text || '<unset>';
}
