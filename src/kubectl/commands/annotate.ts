// `kubectl annotate TYPE NAME key=value … key-` (kubectl pkg/cmd/annotate):
// notes on an object that selectors ignore — the vSphere "Notes" field.
import type { Command } from '../types';
import { metaUpdateFlags, runMetaUpdate } from './label';

export const annotateCommand: Command = {
  name: 'annotate',
  short: 'Update the annotations on a resource',
  flags: metaUpdateFlags('kubectl-annotate'),
  run: (ctx) => runMetaUpdate(ctx, 'annotations'),
};
