// kubectl get --raw PATH: the apiserver's health and version endpoints answer;
// other raw paths are not simulated.
import { KubectlError } from '../errors';
import type { CommandContext, KubectlResult } from '../types';
import { serverVersion } from './version';

export function rawGet(ctx: CommandContext, path: string): KubectlResult {
  if (!path.startsWith('/')) throw new KubectlError(`--raw must be a valid URL path: parse "${path}": invalid URI for request\nSee 'kubectl get -h' for help and examples`);
  const bare = path.split('?')[0];
  if (bare === '/healthz' || bare === '/livez' || bare === '/readyz') return { stdout: 'ok', stderr: '', exitCode: 0 };
  if (bare === '/version') return { stdout: JSON.stringify(serverVersion(ctx.env), null, 2), stderr: '', exitCode: 0 };
  return { stdout: '', stderr: 'Error from server (NotFound): the server could not find the requested resource\n', exitCode: 1 };
}
