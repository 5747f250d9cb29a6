// `kubectl create namespace NAME` (kubectl pkg/cmd/create/create_namespace.go).
import type { KubeObject } from '../../runtime/api/types';
import type { CommandContext } from '../types';
import { nameArg, type Generator } from './generator';

export const namespaceGenerator: Generator = {
  name: 'namespace',
  aliases: ['ns'],
  short: 'Create a namespace with the specified name',
  flags: [],
  build(ctx: CommandContext): KubeObject {
    // A namespace is cluster-scoped: -n is never written into it.
    return { kind: 'Namespace', apiVersion: 'v1', metadata: { name: nameArg(ctx) }, spec: {}, status: {} };
  },
};
