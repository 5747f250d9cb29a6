// The files behind -f, as cli-runtime's resource builder reads them: a file,
// a directory (its .json/.yaml/.yml files in name order, subdirectories only
// with -R), or `-` for standard input; -k (kustomize) is not part of the sandbox.
import { parseDocuments } from '../runtime/api/yaml';
import { isObject } from '../runtime/api/types';
import { KubectlError, type OutputCollector } from './errors';
import type { FlagSpec } from './flags';
import type { CommandContext, KubectlEnv } from './types';

export const FILENAME_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringSlice' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
];

export interface Manifest {
  /** How kubectl names the source in messages: the path as given, or `STDIN`. */
  source: string;
  text: string;
}

const EXTENSIONS = ['.json', '.yaml', '.yml'];

export const KUSTOMIZE_UNAVAILABLE =
  'kustomize (-k) is not available in PodSphere: run `kubectl kustomize DIR` on a real machine and apply its output with -f';

/** True when the command was given -f or -k at all. */
export function hasFileArgs(ctx: CommandContext): boolean {
  return ctx.flags.strings('filename').length > 0 || ctx.flags.has('kustomize');
}

/** Every manifest named by -f, in order; errors as kubectl words them. */
export function readManifests(ctx: CommandContext): Manifest[] {
  if (ctx.flags.has('kustomize')) {
    if (ctx.flags.strings('filename').length) throw new KubectlError('only one of -f or -k can be specified');
    throw new KubectlError(KUSTOMIZE_UNAVAILABLE);
  }
  const out: Manifest[] = [];
  for (const path of ctx.flags.strings('filename')) out.push(...readPath(ctx.env, path, ctx.flags.bool('recursive'), true));
  return out;
}

function readPath(env: KubectlEnv, path: string, recursive: boolean, top: boolean): Manifest[] {
  if (path === '-') return [{ source: 'STDIN', text: env.stdin ?? '' }];
  if (/^https?:\/\//.test(path)) throw new KubectlError(`unable to read URL ${JSON.stringify(path)}: PodSphere runs offline and fetches nothing; save the manifest into the workspace and use -f FILE`);
  const entries = env.readDir?.(path);
  if (entries) {
    const dir = path.replace(/\/+$/, '');
    const out: Manifest[] = [];
    for (const name of [...entries].sort()) {
      const child = `${dir}/${name}`;
      if (env.readDir?.(child)) {
        if (recursive) out.push(...readPath(env, child, recursive, false));
      } else if (EXTENSIONS.some((e) => name.endsWith(e))) out.push(...readPath(env, child, recursive, false));
    }
    return out;
  }
  const r = env.readFile?.(path);
  if (!r || 'error' in r) {
    if (top) throw new KubectlError(`the path ${JSON.stringify(path)} does not exist`);
    throw new KubectlError(r && 'error' in r ? r.error : `open ${path}: no such file or directory`);
  }
  return [{ source: path, text: r.text }];
}

export interface ManifestObject {
  source: string;
  object?: Record<string, unknown>;
  /** What kubectl prints when this document cannot be read. */
  error?: string;
}

/** Split each manifest into objects (expanding `kind: List`), with kubectl's decode errors. */
export function manifestObjects(manifests: readonly Manifest[]): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const m of manifests) {
    for (const doc of parseDocuments(m.text)) {
      if (doc.error) {
        out.push({ source: m.source, error: `error: error parsing ${m.source}: error converting YAML to JSON: ${doc.error.message}` });
        continue;
      }
      for (const v of expandList(doc.value)) {
        if (!isObject(v)) {
          out.push({ source: m.source, error: `error: unable to decode ${JSON.stringify(m.source)}: json: cannot unmarshal ${Array.isArray(v) ? 'array' : typeof v} into Go value of type map[string]interface {}` });
        } else out.push({ source: m.source, object: v });
      }
    }
  }
  return out;
}

function expandList(v: unknown): unknown[] {
  if (isObject(v) && typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items)) return (v.items as unknown[]).flatMap(expandList);
  return [v];
}

export interface MappedObject {
  type: import('../runtime/api/resources').ResourceType;
  object: Record<string, unknown> & { metadata: Record<string, unknown> };
  /** Undefined for cluster-scoped kinds. */
  namespace?: string;
  name: string;
  /** The file (or stdin) the object came from, for "error when creating …". */
  source: string;
}

/**
 * Resolve a manifest object as kubectl's builder does before any request:
 * validation of apiVersion/kind, the REST mapping, and the namespace rule
 * (the object's own, else -n, else the context's; a conflict is an error).
 */
export function mapObject(ctx: CommandContext, m: ManifestObject & { object: Record<string, unknown> }): MappedObject | string {
  const input = m.object;
  const missing = [input.apiVersion ? '' : 'apiVersion not set', input.kind ? '' : 'kind not set'].filter(Boolean);
  if (missing.length) {
    const list = missing.length > 1 ? `[${missing.join(', ')}]` : missing[0];
    return `error: error validating ${JSON.stringify(m.source)}: error validating data: ${list}; if you choose to ignore these errors, turn validation off with --validate=false`;
  }
  const meta = isObject(input.metadata) ? input.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const ownNs = typeof meta.namespace === 'string' ? meta.namespace : '';
  const type = ctx.env.cluster.api.registry.byGVK(String(input.apiVersion), String(input.kind));
  if (!type) {
    return `error: resource mapping not found for name: ${JSON.stringify(name)} namespace: ${JSON.stringify(ownNs)} from ${JSON.stringify(m.source)}: no matches for kind ${JSON.stringify(String(input.kind))} in version ${JSON.stringify(String(input.apiVersion))}\nensure CRDs are installed first`;
  }
  if (type.namespaced && ownNs && ctx.namespaceExplicit && ownNs !== ctx.namespace) {
    return `error: the namespace from the provided object ${JSON.stringify(ownNs)} does not match the namespace ${JSON.stringify(ctx.namespace)}. You must pass '--namespace=${ownNs}' to perform this operation.`;
  }
  const namespace = type.namespaced ? ownNs || ctx.namespace : undefined;
  const object = { ...input, metadata: { ...meta } };
  if (namespace) object.metadata.namespace = namespace;
  return { type, object, namespace, name, source: m.source };
}

/** Every object of the -f input mapped for a request; unreadable or unmappable ones are reported to `out` and skipped, as kubectl goes on past them. */
export function mappedManifestObjects(ctx: CommandContext, out: OutputCollector): MappedObject[] {
  return mapManifestObjects(ctx, manifestObjects(readManifests(ctx)), out);
}

export function mapManifestObjects(ctx: CommandContext, objects: readonly ManifestObject[], out: OutputCollector): MappedObject[] {
  const mapped: MappedObject[] = [];
  for (const m of objects) {
    const result = m.error || !m.object ? (m.error ?? '') : mapObject(ctx, { ...m, object: m.object });
    if (typeof result === 'string') {
      out.failedAny = true;
      out.err(result);
      continue;
    }
    mapped.push(result);
  }
  return mapped;
}
