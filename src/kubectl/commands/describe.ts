// kubectl describe: show one object, every object of a type, a label
// selection, or — when `describe TYPE NAME` finds no exact match — every
// object whose name starts with NAME (pods of a ReplicaSet share its name as
// a prefix). Objects are separated by blank lines; errors are collected and
// printed after the output, as kubectl's ContinueOnError builder does.
import { isStatusError } from '../../runtime/api/errors';
import type { ResourceType } from '../../runtime/api/resources';
import { isObject, type KubeObject } from '../../runtime/api/types';
import { parseDocuments } from '../../runtime/api/yaml';
import { str } from '../describe/format';
import { describeObject, type DescribeContext } from '../describe/index';
import { errorText, KubectlError } from '../errors';
import { fetchObjects, typeName } from '../objects';
import { parseResourceArgs, type ResourceRef } from '../resourceargs';
import type { Command, CommandContext, KubectlResult } from '../types';

const NO_TYPE = 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.';

interface Found {
  type: ResourceType;
  object: KubeObject;
}

export const describeCommand: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool', default: true },
    { name: 'chunk-size', type: 'int', default: 500 },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
  ],
  run: runDescribe,
};

function runDescribe(ctx: CommandContext): KubectlResult {
  const { env, flags, args } = ctx;
  const filenames = flags.strings('filename');
  if (args.length === 0 && filenames.length === 0) throw new KubectlError(NO_TYPE);
  if (flags.string('kustomize')) throw new KubectlError('kustomize is not available in the sandbox; use -f with the rendered manifests');
  const allNamespaces = flags.bool('all-namespaces');
  const dctx: DescribeContext = { api: env.cluster.api, now: env.cluster.clock.now(), showEvents: flags.bool('show-events') };

  const { found, errors } = filenames.length ? fromFiles(ctx, filenames) : fromArgs(ctx, allNamespaces);
  const errs = [...errors];
  if (found.length === 0 && errs.length === 1 && isNotFound(errs[0]) && args.length === 2 && !args[1].includes('/')) {
    return describeMatching(ctx, dctx, errs[0]);
  }

  const texts: string[] = [];
  for (const { type, object } of found) texts.push(describeObject(dctx, type.group, object));
  const stdout = texts.map((t, i) => (i === 0 ? t : `\n\n${t}`)).join('');
  let stderr = errs.map((e) => errorText(e, ctx.path)).join('');
  if (found.length === 0 && errs.length === 0) stderr += allNamespaces ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`;
  return { stdout, stderr, exitCode: errs.length ? 1 : 0 };
}

function fromArgs(ctx: CommandContext, allNamespaces: boolean): { found: Found[]; errors: unknown[] } {
  const refs: ResourceRef[] = parseResourceArgs(ctx.env, ctx.args);
  if (allNamespaces && refs.some((r) => r.name !== undefined)) throw new KubectlError('a resource cannot be retrieved by name across all namespaces');
  return fetchObjects(ctx.env, refs, {
    namespace: ctx.namespace,
    allNamespaces,
    labelSelector: ctx.flags.string('selector') || undefined,
  });
}

/** DescribeMatchingResources: every object of the type whose name starts with the given prefix. */
function describeMatching(ctx: CommandContext, dctx: DescribeContext, original: unknown): KubectlResult {
  const [ref] = parseResourceArgs(ctx.env, [ctx.args[0]]);
  const prefix = ctx.args[1];
  const items = ctx.env.cluster.api.list(typeName(ref.type), { namespace: ref.type.namespaced ? ctx.namespace : undefined }).items;
  const matching = items.filter((o) => (o.metadata.name ?? '').startsWith(prefix));
  if (matching.length === 0) return { stdout: '', stderr: errorText(original, ctx.path), exitCode: 1 };
  const stdout = matching.map((o) => `${describeObject(dctx, ref.type.group, o)}\n`).join('');
  return { stdout, stderr: '', exitCode: 0 };
}

function isNotFound(e: unknown): boolean {
  return isStatusError(e) && e.reason === 'NotFound';
}

/** `describe -f FILE`: the objects a manifest names, fetched from the cluster. */
function fromFiles(ctx: CommandContext, filenames: string[]): { found: Found[]; errors: unknown[] } {
  const found: Found[] = [];
  const errors: unknown[] = [];
  const api = ctx.env.cluster.api;
  for (const path of filenames) {
    const read = path === '-' ? { text: ctx.env.stdin ?? '' } : ctx.env.readFile?.(path) ?? { error: `the path "${path}" does not exist` };
    if ('error' in read) {
      errors.push(new KubectlError(read.error));
      continue;
    }
    for (const doc of parseDocuments(read.text)) {
      if (doc.error) {
        errors.push(new KubectlError(`error parsing ${path}: ${doc.error.message}`));
        continue;
      }
      const o = doc.value;
      if (!isObject(o) || !isObject(o.metadata)) continue;
      const type = api.registry.byGVK(str(o.apiVersion), str(o.kind));
      if (!type) {
        const meta = o.metadata;
        errors.push(new KubectlError(`resource mapping not found for name: "${str(meta.name)}" namespace: "${str(meta.namespace)}" from "${path}": no matches for kind "${str(o.kind)}" in version "${str(o.apiVersion)}"`));
        continue;
      }
      const ns = type.namespaced ? (typeof o.metadata.namespace === 'string' ? o.metadata.namespace : ctx.namespace) : undefined;
      try {
        found.push({ type, object: api.get(typeName(type), str(o.metadata.name), ns) });
      } catch (e) {
        errors.push(e);
      }
    }
  }
  return { found, errors };
}
