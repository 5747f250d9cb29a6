// `kubectl create secret docker-registry NAME --docker-username --docker-password
// [--docker-server] [--docker-email]` (kubectl create_secret_docker.go): a
// .dockerconfigjson with one auths entry, its `auth` the base64 of user:password.
import type { KubeObject } from '../../runtime/api/types';
import type { CommandContext } from '../types';
import { KubectlError } from '../errors';
import { nameArg, type Generator } from './generator';
import { secretObject } from './secretgeneric';
import { base64, collectData } from './sources';

export const secretDockerRegistryGenerator: Generator = {
  name: 'docker-registry',
  short: 'Create a secret for use with a Docker registry',
  flags: [
    { name: 'docker-server', type: 'string', default: 'https://index.docker.io/v1/' },
    { name: 'docker-username', type: 'string' },
    { name: 'docker-password', type: 'string' },
    { name: 'docker-email', type: 'string' },
    { name: 'from-file', type: 'stringSlice' },
    { name: 'append-hash', type: 'bool' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const files = ctx.flags.strings('from-file');
    if (files.length) {
      const data = collectData(ctx.env, { files, literals: [], envFiles: [] }, 'Secret', name);
      return secretObject(ctx, name, data, 'kubernetes.io/dockerconfigjson');
    }
    if (!ctx.flags.string('docker-username') || !ctx.flags.string('docker-password') || !ctx.flags.string('docker-server')) {
      throw new KubectlError('either --from-file or the combination of --docker-username, --docker-password and --docker-server is required');
    }
    const username = ctx.flags.string('docker-username');
    const password = ctx.flags.string('docker-password');
    const email = ctx.flags.string('docker-email');
    const entry: Record<string, string> = { username, password };
    if (email) entry.email = email;
    entry.auth = base64(`${username}:${password}`);
    const config = goJSONCompact({ auths: { [ctx.flags.string('docker-server')]: entry } });
    return secretObject(ctx, name, new Map([['.dockerconfigjson', config]]), 'kubernetes.io/dockerconfigjson');
  },
};

/** json.Marshal: compact, with Go's HTML-safe escapes. */
function goJSONCompact(v: unknown): string {
  return JSON.stringify(v).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}
