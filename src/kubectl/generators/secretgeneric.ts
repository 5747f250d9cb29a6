// `kubectl create secret generic NAME [--type] [--from-file] [--from-literal] [--from-env-file]`
// (kubectl pkg/cmd/create/create_secret.go): values are stored base64-encoded in data.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { sourcesOf } from './configmap';
import { goMap, nameArg, objectMeta, type Generator } from './generator';
import { base64, collectData, dataSourceFlags } from './sources';

export const secretGenericGenerator: Generator = {
  name: 'generic',
  short: 'Create a secret from a local file, directory, or literal value',
  flags: [...dataSourceFlags(), { name: 'type', type: 'string' }, { name: 'append-hash', type: 'bool' }],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    if (ctx.flags.bool('append-hash')) throw new KubectlError('--append-hash is not supported in PodSphere');
    const data = collectData(ctx.env, sourcesOf(ctx), 'Secret', name);
    return secretObject(ctx, name, data, ctx.flags.string('type'));
  },
};

/** A Secret in Go field order: data (base64), then type when set. */
export function secretObject(ctx: CommandContext, name: string, data: Map<string, string>, type: string): KubeObject {
  const obj: KubeObject = { kind: 'Secret', apiVersion: 'v1', metadata: objectMeta(ctx, name) };
  if (data.size) obj.data = goMap([...data].map(([k, v]) => [k, base64(v)]));
  if (type) obj.type = type;
  return obj;
}
