// kubectl version: the client (this sandbox's kubectl), its Kustomize, and the
// simulated apiserver. -o yaml|json print the version structs as kubectl does.
import { KubectlError } from '../errors';
import { printYAML } from '../printers/yaml';
import type { Command, KubectlEnv, KubectlResult } from '../types';

/** apimachinery version.Info, fields in struct order (json output keeps it). */
export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** What the real kubectl v1.34.5 reports (checked with `kubectl version --client -o json`). */
export const CLIENT_VERSION: VersionInfo = {
  major: '1',
  minor: '34',
  gitVersion: 'v1.34.5',
  gitCommit: 'ebfac057369b21558006b8815821ab2fb1e29f2d',
  gitTreeState: 'clean',
  buildDate: '2026-02-26T20:06:18Z',
  goVersion: 'go1.24.13',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export const KUSTOMIZE_VERSION = 'v5.7.1';

/** The simulated apiserver runs the kubelets' release (nodes report v1.34.1). */
export function serverVersion(env: KubectlEnv): VersionInfo {
  const node = env.cluster.api.list('nodes').items[0];
  const kubelet = (node?.status as { nodeInfo?: { kubeletVersion?: string } } | undefined)?.nodeInfo?.kubeletVersion ?? 'v1.34.1';
  return {
    major: '1',
    minor: '34',
    emulationMajor: '1',
    emulationMinor: '34',
    minCompatibilityMajor: '1',
    minCompatibilityMinor: '33',
    gitVersion: kubelet,
    gitCommit: '93248f9ae092f571eb870b7664c534bfc7d00f03',
    gitTreeState: 'clean',
    buildDate: '2025-09-09T19:37:33Z',
    goVersion: 'go1.24.6',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

export const versionCommand: Command = {
  name: 'version',
  short: 'Print the client and server version information',
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(ctx): KubectlResult {
    const output = ctx.flags.string('output');
    if (output !== '' && output !== 'yaml' && output !== 'json') throw new KubectlError("--output must be 'yaml' or 'json'");
    const client = ctx.flags.bool('client');
    const data = {
      clientVersion: CLIENT_VERSION,
      kustomizeVersion: KUSTOMIZE_VERSION,
      ...(client ? {} : { serverVersion: serverVersion(ctx.env) }),
    };
    if (output === 'json') return { stdout: `${JSON.stringify(data, null, 2)}\n`, stderr: '', exitCode: 0 };
    // kubectl prints the YAML with Println, hence the blank line after it.
    if (output === 'yaml') return { stdout: `${printYAML(data)}\n`, stderr: '', exitCode: 0 };
    const lines = [`Client Version: ${CLIENT_VERSION.gitVersion}`, `Kustomize Version: ${KUSTOMIZE_VERSION}`];
    if (!client) lines.push(`Server Version: ${data.serverVersion?.gitVersion ?? ''}`);
    return { stdout: lines.join('\n') + '\n', stderr: '', exitCode: 0 };
  },
};
