// Kinds without a printer of their own: the apiserver's default table
// convertor (NAME, CREATED AT as RFC 3339), e.g. roles, clusterroles,
// limitranges and CRDs themselves.
import { NAME, str } from './helpers';
import type { TablePrinter } from './types';

export const defaultPrinter: TablePrinter = {
  columns: [NAME, { name: 'Created At' }],
  row(obj) {
    return [str(obj.metadata.name), str(obj.metadata.creationTimestamp)];
  },
};
