// ControllerRevisions: printControllerRevision. CONTROLLER is kind.group/name of the controller owner.
import { splitApiVersion } from '../../../runtime/api/resources';
import { AGE, NAME, age, num, str } from './helpers';
import type { TablePrinter } from './types';

export const controllerRevisionPrinter: TablePrinter = {
  columns: [NAME, { name: 'Controller' }, { name: 'Revision' }, AGE],
  row(cr, ctx) {
    const owner = cr.metadata.ownerReferences?.find((o) => o.controller === true);
    let controller = '<none>';
    if (owner) {
      const { group } = splitApiVersion(owner.apiVersion);
      controller = `${(group ? `${owner.kind}.${group}` : owner.kind).toLowerCase()}/${owner.name}`;
    }
    return [str(cr.metadata.name), controller, num(cr.revision), age(cr, ctx.now)];
  },
};
