// The Pod that `kubectl run NAME --image=…` creates (kubectl pkg/generate/
// versioned/run.go, BasicPod): one container named after the pod, label
// `run=NAME` unless --labels says otherwise, args (or --command) after `--`.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { goMap, objectMeta, usageError } from './generator';
import { envVarNameErrors } from './sources';

export const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];

export function buildRunPod(ctx: CommandContext, name: string): KubeObject {
  const restart = ctx.flags.string('restart') || 'Always';
  if (!RESTART_POLICIES.includes(restart)) throw usageError(ctx, `invalid restart policy: ${restart}`);
  const labels = ctx.flags.has('labels') ? parseLabels(ctx.flags.string('labels')) : { run: name };
  const metadata = objectMeta(ctx, name, labels);
  const annotations = ctx.flags.strings('annotations');
  if (annotations.length) metadata.annotations = parseAnnotations(annotations);
  const container: Record<string, unknown> = { name, image: ctx.flags.string('image') };
  const rest = ctx.afterDash ?? [];
  if (rest.length) container[ctx.flags.bool('command') ? 'command' : 'args'] = rest;
  const port = ctx.flags.string('port');
  if (port !== '') container.ports = [{ containerPort: goAtoi(port) }];
  const env = ctx.flags.strings('env');
  if (env.length) container.env = env.map(parseEnv);
  container.resources = {};
  const pullPolicy = ctx.flags.string('image-pull-policy');
  if (pullPolicy) container.imagePullPolicy = pullPolicy;
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata,
    spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' },
    status: {},
  };
}

export function goAtoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  return Number(s);
}

function parseEnv(spec: string): { name: string; value: string } {
  const eq = spec.indexOf('=');
  if (eq <= 0 || envVarNameErrors(spec.slice(0, eq)).length) throw new KubectlError(`invalid env: ${spec}`);
  return { name: spec.slice(0, eq), value: spec.slice(eq + 1) };
}

/** `a=b,c=d` as kubectl run's --labels reads it. */
export function parseLabels(spec: string): Record<string, string> {
  const out: [string, string][] = [];
  for (const pair of spec.split(',')) {
    const kv = pair.split('=');
    if (kv.length !== 2) throw new KubectlError(`unexpected label spec: ${pair}`);
    out.push([kv[0], kv[1]]);
  }
  return goMap(out);
}

function parseAnnotations(specs: string[]): Record<string, string> {
  const out: [string, string][] = [];
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new KubectlError(`invalid annotation spec: ${spec}`);
    out.push([spec.slice(0, eq), spec.slice(eq + 1)]);
  }
  return goMap(out);
}
