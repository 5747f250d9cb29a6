// What every `kubectl create <generator>` shares: the name argument, the
// namespace rule (only an explicit -n is written into the object), required
// flags, and kubectl's usage-error wording. Each generator builds its object
// in the Go struct's field order, because `-o json` prints typed objects in
// that order (YAML sorts the keys anyway).
import { KubectlError } from '../errors';
import type { FlagSpec } from '../flags';
import type { CommandContext } from '../types';
import type { KubeObject } from '../../runtime/api/types';

export interface Generator {
  name: string;
  aliases?: string[];
  short: string;
  /** The generator's own flags (the create flags common to all are added by the create command). */
  flags: FlagSpec[];
  /** Flags cobra marks required: checked before anything else runs. */
  required?: string[];
  /** Build the object kubectl would send; throws KubectlError for bad input. */
  build(ctx: CommandContext, warn: (text: string) => void): KubeObject;
}

/** cmdutil.UsageErrorf: the message, then where to find help. */
export function usageError(ctx: CommandContext, message: string): KubectlError {
  return new KubectlError(`${message}\nSee 'kubectl ${ctx.path.join(' ')} -h' for help and examples`);
}

/** NameFromCommandArgs: exactly one positional argument. */
export function nameArg(ctx: CommandContext): string {
  const args = ctx.args;
  if (args.length !== 1) throw usageError(ctx, `exactly one NAME is required, got ${args.length}`);
  return args[0];
}

/** ObjectMeta in Go field order: name, namespace (only when -n was given), labels, annotations. */
export function objectMeta(ctx: CommandContext, name: string, labels?: Record<string, string>): KubeObject['metadata'] {
  const meta: KubeObject['metadata'] = { name };
  if (ctx.namespaceExplicit) meta.namespace = ctx.namespace;
  if (labels) meta.labels = labels;
  return meta;
}

/** `required flag(s) "image" not set`, as cobra reports missing required flags. */
export function checkRequired(ctx: CommandContext, names: readonly string[] | undefined): void {
  const missing = (names ?? []).filter((n) => !ctx.flags.has(n));
  if (missing.length) throw new KubectlError(`required flag(s) ${missing.map((n) => `"${n}"`).join(', ')} not set`);
}

/** Go's strconv.Atoi for the whole string. */
export function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

/** A container name from an image reference: last path segment, without tag or digest. */
export function containerNameFromImage(image: string, suffix: () => string): string {
  let name = image.split('/').pop() ?? image;
  if (name.includes(':')) name = name.split(':')[0];
  if (name.includes('@')) name = name.split('@')[0];
  // sanitizeAndUniquify: names with _ or . are not DNS labels; kubectl rewrites them and adds a random suffix.
  if (/[_.]/.test(name)) name = `${name.replace(/[_.]/g, '-')}-${suffix()}`;
  return name;
}

/** Go maps marshal with sorted keys even inside typed objects: build map-valued fields through this. */
export function goMap<V>(entries: Iterable<[string, V]>): Record<string, V> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
