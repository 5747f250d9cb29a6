// `kubectl create serviceaccount NAME` (kubectl pkg/cmd/create/create_serviceaccount.go).
import type { KubeObject } from '../../runtime/api/types';
import type { CommandContext } from '../types';
import { nameArg, objectMeta, type Generator } from './generator';

export const serviceAccountGenerator: Generator = {
  name: 'serviceaccount',
  aliases: ['sa'],
  short: 'Create a service account with the specified name',
  flags: [],
  build(ctx: CommandContext): KubeObject {
    return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: objectMeta(ctx, nameArg(ctx)) };
  },
};
