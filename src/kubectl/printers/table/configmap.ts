// ConfigMaps: printConfigMap. DATA counts data and binaryData keys.
import { isObject } from '../../../runtime/api/types';
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const configMapPrinter: TablePrinter = {
  columns: [NAME, { name: 'Data' }, AGE],
  row(cm, ctx) {
    const keys = (v: unknown): number => (isObject(v) ? Object.keys(v).length : 0);
    return [str(cm.metadata.name), keys(cm.data) + keys(cm.binaryData), age(cm, ctx.now)];
  },
};
