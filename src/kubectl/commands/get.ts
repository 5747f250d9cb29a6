// kubectl get: fetch what the arguments name (one "info" per type list or
// named object), print tables per type with kubectl's decorations, or the
// other -o formats through printGeneric; -w keeps streaming rows.
import { isStatusError } from '../../runtime/api/errors';
import { OutputCollector, KubectlError } from '../errors';
import type { FlagSpec } from '../flags';
import { hasFileArgs, FILENAME_FLAGS, manifestObjects, mapObject, readManifests } from '../manifests';
import { fetchObjects, readWarnings, typeName } from '../objects';
import { parseOutputFormat, printGeneric, printTables, type OutputFormat, type TableGroup } from '../printers/print';
import { parseResourceArgs, type ResourceRef } from '../resourceargs';
import type { Command, CommandContext, KubectlResult } from '../types';
import { rawGet } from './getraw';
import { watchObjects } from './getwatch';

export const GET_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'template', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool', default: true },
  { name: 'no-headers', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'show-kind', type: 'bool' },
  { name: 'label-columns', short: 'L', type: 'stringSlice' },
  { name: 'sort-by', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'watch-only', type: 'bool' },
  { name: 'output-watch-events', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'chunk-size', type: 'int', default: 500 },
  ...FILENAME_FLAGS,
  { name: 'raw', type: 'string' },
  { name: 'server-print', type: 'bool', default: true },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'subresource', type: 'string' },
];

const NO_TYPE =
  'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
  'error: Required resource not specified.\n' +
  'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
  "See 'kubectl get -h' for help and examples\n";

export const NO_RESOURCE_ARGS =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

export const getCommand: Command = {
  name: 'get',
  short: 'Display one or many resources',
  flags: GET_FLAGS,
  run: runGet,
};

/** Everything get needs to know, read once from the flags. */
export interface GetRequest {
  ctx: CommandContext;
  refs: ResourceRef[];
  format: OutputFormat;
  namespace: string;
  allNamespaces: boolean;
  labelSelector: string;
  fieldSelector: string;
}

function runGet(ctx: CommandContext): KubectlResult {
  const f = ctx.flags;
  if (f.string('raw') !== '') {
    if (ctx.args.length) throw new KubectlError('arguments may not be passed when --raw is specified');
    return rawGet(ctx, f.string('raw'));
  }
  const watching = f.bool('watch') || f.bool('watch-only');
  const output = f.string('output');
  if (f.bool('show-labels') && output !== '' && output !== 'wide') throw new KubectlError(`--show-labels option cannot be used with ${output} printer`);
  if (f.bool('output-watch-events') && !watching) throw new KubectlError('--output-watch-events option can only be used with --watch or --watch-only');
  const fromFiles = hasFileArgs(ctx);
  if (fromFiles && ctx.args.length) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
  if (ctx.args.length === 0 && !fromFiles) {
    if (!watching) return { stdout: '', stderr: NO_TYPE, exitCode: 1 };
    throw new KubectlError(NO_RESOURCE_ARGS);
  }
  const format = parseOutputFormat(output, ctx.env, { template: f.string('template') });
  if (fromFiles) {
    if (watching) throw new KubectlError('watching objects named in files is not simulated; use kubectl get TYPE NAME -w');
    return printFound(ctx, format, fileGroups(ctx), true);
  }
  const req: GetRequest = {
    ctx,
    refs: dedupe(parseResourceArgs(ctx.env, ctx.args)),
    format,
    namespace: ctx.namespace,
    allNamespaces: f.bool('all-namespaces'),
    labelSelector: f.string('selector'),
    fieldSelector: f.string('field-selector'),
  };
  const result = watching ? watchObjects(req) : listObjects(req);
  return { ...result, stderr: readWarnings(req.refs.map((r) => r.type)) + result.stderr };
}

/** Category expansion may name a resource twice (autoscaling v2 and v1): keep the preferred, first one. */
function dedupe(refs: ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const key = `${r.type.group}/${r.type.resource}/${r.name ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Each reference is one info: a list of its type, or one named object. */
export function fetchGroups(req: GetRequest): { groups: TableGroup[]; errors: unknown[] } {
  const groups: TableGroup[] = [];
  const errors: unknown[] = [];
  const ignoreNotFound = req.ctx.flags.bool('ignore-not-found');
  for (const ref of req.refs) {
    const r = fetchObjects(req.ctx.env, [ref], {
      namespace: req.namespace,
      allNamespaces: req.allNamespaces,
      labelSelector: req.labelSelector || undefined,
      fieldSelector: req.fieldSelector || undefined,
    });
    if (r.found.length || ref.name === undefined) groups.push({ type: ref.type, objects: r.found.map((x) => x.object) });
    errors.push(...r.errors.filter((e) => !(ignoreNotFound && isStatusError(e) && e.reason === 'NotFound')));
  }
  return { groups, errors };
}

/** The objects the -f manifests name, fetched one by one in their own namespaces. */
function fileGroups(ctx: CommandContext): { groups: TableGroup[]; errors: unknown[]; namespace: string; allNamespaces: boolean } {
  const groups: TableGroup[] = [];
  const errors: unknown[] = [];
  for (const m of manifestObjects(readManifests(ctx))) {
    const mapped = m.object ? mapObject(ctx, { ...m, object: m.object }) : (m.error ?? '');
    if (typeof mapped === 'string') {
      errors.push(new KubectlError(mapped.replace(/^error: /, '')));
      continue;
    }
    try {
      groups.push({ type: mapped.type, objects: [ctx.env.cluster.api.get(typeName(mapped.type), mapped.name, mapped.namespace)] });
    } catch (e) {
      if (!(ctx.flags.bool('ignore-not-found') && isStatusError(e) && e.reason === 'NotFound')) errors.push(e);
    }
  }
  return { groups, errors, namespace: ctx.namespace, allNamespaces: false };
}

function listObjects(req: GetRequest): KubectlResult {
  const singleItem = req.refs.length === 1 && req.refs[0].name !== undefined;
  return printFound(req.ctx, req.format, { ...fetchGroups(req), namespace: req.namespace, allNamespaces: req.allNamespaces }, singleItem);
}

interface Found {
  groups: TableGroup[];
  errors: unknown[];
  namespace: string;
  allNamespaces: boolean;
}

function printFound(ctx: CommandContext, format: OutputFormat, found: Found, singleItem: boolean): KubectlResult {
  const f = ctx.flags;
  const { groups, errors } = found;
  const out = new OutputCollector();
  if (format.kind !== 'table') {
    if (singleItem && errors.length) {
      errors.forEach((e) => out.fail(e, ctx.path));
      return out.result();
    }
    const objects = groups.flatMap((g) => g.objects);
    if (!(objects.length === 0 && f.bool('ignore-not-found'))) {
      out.write({ stdout: printGeneric(objects, format, { singleItem, noHeaders: f.bool('no-headers'), sortBy: f.string('sort-by') || undefined }) });
    }
  } else {
    out.write({
      stdout: printTables(groups, {
        api: ctx.env.cluster.api,
        now: ctx.env.cluster.clock.now(),
        wide: format.wide,
        noHeaders: f.bool('no-headers'),
        allNamespaces: found.allNamespaces,
        showKind: f.bool('show-kind'),
        showLabels: f.bool('show-labels'),
        labelColumns: f.strings('label-columns'),
        sortBy: f.string('sort-by') || undefined,
      }),
    });
    if (out.stdout === '' && errors.length === 0 && !f.bool('ignore-not-found')) out.err(noResources(found));
  }
  errors.forEach((e) => out.fail(e, ctx.path));
  return out.result();
}

function noResources(found: Found): string {
  const namespaced = !found.allNamespaces && found.groups.every((g) => g.type.namespaced);
  return namespaced ? `No resources found in ${found.namespace} namespace.` : 'No resources found';
}
