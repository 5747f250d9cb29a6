// RuntimeClasses: printRuntimeClass (HANDLER is the CRI handler name).
import { AGE, NAME, age, str } from './helpers';
import type { TablePrinter } from './types';

export const runtimeClassPrinter: TablePrinter = {
  columns: [NAME, { name: 'Handler' }, AGE],
  row(rc, ctx) {
    return [str(rc.metadata.name), str(rc.handler), age(rc, ctx.now)];
  },
};
