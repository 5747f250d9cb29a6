// `kubectl create configmap NAME [--from-file] [--from-literal] [--from-env-file]`
// (kubectl pkg/cmd/create/create_configmap.go).
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { goMap, nameArg, objectMeta, type Generator } from './generator';
import { collectData, dataSourceFlags } from './sources';

export const configMapGenerator: Generator = {
  name: 'configmap',
  aliases: ['cm'],
  short: 'Create a config map from a local file, directory or literal value',
  flags: [...dataSourceFlags(), { name: 'append-hash', type: 'bool' }],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    if (ctx.flags.bool('append-hash')) throw new KubectlError('--append-hash is not supported in PodSphere: the hash suffix is what kustomize-style rollouts use, and this sandbox keeps names as typed');
    const data = collectData(ctx.env, sourcesOf(ctx), 'ConfigMap', name);
    const obj: KubeObject = { kind: 'ConfigMap', apiVersion: 'v1', metadata: objectMeta(ctx, name) };
    if (data.size) obj.data = goMap(data);
    return obj;
  },
};

export function sourcesOf(ctx: CommandContext): { literals: string[]; files: string[]; envFiles: string[] } {
  return { literals: ctx.flags.strings('from-literal'), files: ctx.flags.strings('from-file'), envFiles: ctx.flags.strings('from-env-file') };
}
