// `kubectl create secret tls NAME --cert=path --key=path`
// (kubectl pkg/cmd/create/create_secret_tls.go). kubectl checks the pair with
// crypto/tls; the sandbox checks that both files hold PEM blocks of the right kind.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { nameArg, type Generator } from './generator';
import { secretObject } from './secretgeneric';

export const secretTLSGenerator: Generator = {
  name: 'tls',
  short: 'Create a TLS secret',
  flags: [
    { name: 'cert', type: 'string' },
    { name: 'key', type: 'string' },
    { name: 'append-hash', type: 'bool' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    if (!ctx.flags.string('cert') || !ctx.flags.string('key')) throw new KubectlError('key and cert must be specified');
    const cert = read(ctx, ctx.flags.string('cert'));
    const key = read(ctx, ctx.flags.string('key'));
    if (!/-----BEGIN CERTIFICATE-----/.test(cert)) throw new KubectlError('failed to load key pair tls: failed to find any PEM data in certificate input');
    if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(key)) throw new KubectlError('failed to load key pair tls: failed to find any PEM data in key input');
    const data = new Map([
      ['tls.crt', cert],
      ['tls.key', key],
    ]);
    return secretObject(ctx, name, data, 'kubernetes.io/tls');
  },
};

function read(ctx: CommandContext, path: string): string {
  const r = ctx.env.readFile?.(path) ?? { error: `open ${path}: no such file or directory` };
  if ('error' in r) throw new KubectlError(r.error);
  return r.text;
}
