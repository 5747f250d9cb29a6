// `kubectl annotate TYPE NAME key=value … key-` (kubectl pkg/cmd/annotate):
// notes on an object that selectors ignore — the vSphere "Notes" field.
import type { Command } from '../types';
import { runMetaUpdate } from './label';
import { DRY_RUN_FLAG, PRINT_FLAGS } from './output';
import { SELECTION_FLAGS } from './targets';

export const annotateCommand: Command = {
  name: 'annotate',
  short: 'Update the annotations on a resource',
  flags: [
    ...SELECTION_FLAGS,
    ...PRINT_FLAGS,
    DRY_RUN_FLAG,
    { name: 'overwrite', type: 'bool' },
    { name: 'list', type: 'bool' },
    { name: 'local', type: 'bool' },
    { name: 'resource-version', type: 'string' },
    { name: 'field-manager', type: 'string', default: 'kubectl-annotate' },
  ],
  run: (ctx) => runMetaUpdate(ctx, 'annotations'),
};
