// Tab completion, as kubectl's `__complete` answers bash: command and
// subcommand names, flags, resource types (short names too), and live object
// names from the cluster for the namespace the line is aimed at.
import type { ResourceType } from '../runtime/api/resources';
import { COMMANDS } from './commands/index';
import { GLOBAL_FLAGS } from './kubectl';
import type { FlagSpec } from './flags';
import { typeName } from './objects';
import { lex, type Token } from './session/lexer';
import type { Command, KubectlEnv } from './types';

export interface Completion {
  /** The word being completed is line.slice(start, end); a candidate replaces it. */
  start: number;
  end: number;
  /** Every word that could stand there, sorted. */
  candidates: string[];
}

/** The line's own words that the terminal understands before kubectl. */
const SHELL_WORDS = ['cat', 'clear', 'echo', 'help', 'k', 'kubectl', 'ls'];
const PIPE_WORDS = ['grep', 'head', 'tail', 'wc'];
const OUTPUT_FORMATS = ['custom-columns=', 'json', 'jsonpath=', 'name', 'wide', 'yaml'];

/** Commands whose positional arguments are TYPE [NAME…] or TYPE/NAME. */
const TYPED = new Set([
  'get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'autoscale', 'expose', 'explain', 'wait',
  'history', 'status', 'undo', 'pause', 'resume', 'restart', 'image', 'env', 'resources', 'selector', 'replace',
]);
/** Commands whose positional argument is a node. */
const NODES = new Set(['cordon', 'uncordon', 'drain']);
/** Commands whose positional argument is a pod. */
const PODS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);

export function complete(env: KubectlEnv, line: string, cursor: number = line.length): Completion {
  const before = line.slice(0, cursor);
  const tokens = lex(before, false).tokens;
  const last = tokens[tokens.length - 1];
  const touching = last && last.end === before.length && /\S$/.test(before);
  const current = touching && last.kind === 'word' ? last : undefined;
  const start = current ? current.start : before.length;
  const prefix = current ? current.text : '';
  const stage = lastStage(current ? tokens.slice(0, -1) : tokens);
  const words = stage.words;
  const candidates = candidatesFor(env, words, prefix, stage.afterPipe, stage.afterRedirect);
  return { start, end: cursor, candidates: [...new Set(candidates.filter((c) => c.startsWith(prefix)))].sort() };
}

/** The words of the pipeline stage the cursor is in. */
function lastStage(tokens: readonly Token[]): { words: string[]; afterPipe: boolean; afterRedirect: boolean } {
  let words: string[] = [];
  let afterPipe = false;
  let afterRedirect = false;
  for (const t of tokens) {
    afterRedirect = false;
    if (t.kind === 'word') {
      words.push(t.text);
    } else if (t.op === '|') {
      words = [];
      afterPipe = true;
    } else if (t.op.endsWith('<')) {
      afterRedirect = true;
    }
  }
  return { words, afterPipe, afterRedirect };
}

function candidatesFor(env: KubectlEnv, words: string[], prefix: string, afterPipe: boolean, afterRedirect: boolean): string[] {
  if (afterRedirect) return workspaceFiles(env);
  if (words.length === 0) return afterPipe ? [...PIPE_WORDS, 'kubectl', 'k'] : SHELL_WORDS;
  if (words[0] === 'cat') return workspaceFiles(env);
  if (words[0] !== 'kubectl' && words[0] !== 'k') return [];
  return kubectlCandidates(env, words.slice(1), prefix);
}

interface Position {
  command?: Command;
  path: string[];
  positionals: string[];
  flags: FlagSpec[];
  /** The flag whose value is being typed (`-n <TAB>`). */
  flagNeedingValue?: FlagSpec;
  namespace?: string;
  allNamespaces: boolean;
  container?: string;
}

/** Walk the arguments the way kubectl finds its command: flags anywhere, subcommands by name. */
function locate(args: readonly string[]): Position {
  const pos: Position = { path: [], positionals: [], flags: GLOBAL_FLAGS, allNamespaces: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('-') && a !== '-') {
      const spec = flagFor(pos.flags, a);
      const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : undefined;
      const takesValue = spec && spec.type !== 'bool' && spec.noOptDefault === undefined && value === undefined && (a.startsWith('--') || a.length === 2);
      const v = takesValue ? args[i + 1] : value;
      if (takesValue && i + 1 === args.length) pos.flagNeedingValue = spec;
      if (spec?.name === 'namespace' && v !== undefined) pos.namespace = v;
      if (spec?.name === 'container' && v !== undefined) pos.container = v;
      if (spec?.name === 'all-namespaces' && v !== 'false') pos.allNamespaces = true;
      if (takesValue) i++;
      continue;
    }
    const subs = pos.command ? pos.command.subcommands ?? [] : COMMANDS;
    const sub = pos.positionals.length === 0 ? subs.find((c) => c.name === a || c.aliases?.includes(a)) : undefined;
    if (sub) {
      pos.command = sub;
      pos.path.push(sub.name);
      pos.flags = [...GLOBAL_FLAGS, ...(sub.flags ?? [])];
    } else {
      pos.positionals.push(a);
    }
  }
  return pos;
}

function flagFor(flags: readonly FlagSpec[], arg: string): FlagSpec | undefined {
  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=')[0];
    return flags.find((f) => f.name === name);
  }
  return flags.find((f) => f.short === arg[1]);
}

function kubectlCandidates(env: KubectlEnv, args: string[], prefix: string): string[] {
  const pos = locate(args);
  if (pos.flagNeedingValue) return flagValues(env, pos, pos.flagNeedingValue);
  // -f is a file on every command that has it, even one this sandbox does not know.
  if (['-f', '--filename'].includes(args[args.length - 1] ?? '')) return workspaceFiles(env);
  if (prefix.startsWith('--') && prefix.includes('=')) {
    const spec = flagFor(pos.flags, prefix);
    const head = prefix.slice(0, prefix.indexOf('=') + 1);
    return spec ? flagValues(env, pos, spec).map((v) => head + v) : [];
  }
  if (prefix.startsWith('-')) return pos.flags.map((f) => `--${f.name}${f.type === 'bool' ? '' : '='}`);
  const command = pos.command;
  if (!command) return COMMANDS.map((c) => c.name);
  const subs = command.subcommands ?? [];
  if (subs.length && pos.positionals.length === 0) {
    const names = subs.map((c) => c.name);
    return command.run && TYPED.has(command.name) ? [...names, ...resourceTypeWords(env, prefix)] : names;
  }
  return positionalCandidates(env, pos, prefix);
}

function positionalCandidates(env: KubectlEnv, pos: Position, prefix: string): string[] {
  const name = pos.command?.name ?? '';
  const n = pos.positionals.length;
  if (PODS.has(name)) return n === 0 ? objectNames(env, 'pods', pos) : [];
  if (NODES.has(name)) return objectNames(env, 'nodes', pos);
  if (name === 'taint') return n === 0 ? ['nodes', 'node'] : objectNames(env, 'nodes', pos);
  if (pos.path[0] === 'top') return objectNames(env, name === 'node' ? 'nodes' : 'pods', pos);
  if (name === 'use-context' || name === 'delete-context' || name === 'set-context') return n === 0 ? [env.config.context] : [];
  if (!TYPED.has(name)) return [];
  if (prefix.includes('/')) {
    const typed = prefix.slice(0, prefix.indexOf('/'));
    return objectNames(env, typed, pos).map((o) => `${typed}/${o}`);
  }
  if (n === 0 || name === 'explain') return n === 0 ? resourceTypeWords(env, prefix) : [];
  if (pos.positionals.some((p) => p.includes('/'))) return [];
  return objectNames(env, pos.positionals[0].split(',')[0], pos);
}

function flagValues(env: KubectlEnv, pos: Position, spec: FlagSpec): string[] {
  switch (spec.name) {
    case 'namespace':
      return objectNames(env, 'namespaces', pos);
    case 'output':
      return OUTPUT_FORMATS;
    case 'context':
    case 'cluster':
      return [spec.name === 'context' ? env.config.context : env.config.cluster];
    case 'user':
      return [env.config.user];
    case 'filename':
      return workspaceFiles(env);
    case 'container':
      return containerNames(env, pos);
    default:
      return [];
  }
}

/**
 * Resource type words for `kubectl get <TAB>`: the plural names; when the
 * prefix matches none of them, the singular and short names (`svc`, `deploy`).
 */
function resourceTypeWords(env: KubectlEnv, prefix: string): string[] {
  const types = env.cluster.api.registry.all().filter((t) => !t.virtual);
  const plurals = types.map((t) => t.resource);
  if (plurals.some((p) => p.startsWith(prefix))) return plurals;
  return types.flatMap((t) => [t.singular, ...t.shortNames, `${t.resource}.${t.group}`]).filter((w) => w && !w.endsWith('.'));
}

function resolve(env: KubectlEnv, typed: string): ResourceType | undefined {
  const t = env.cluster.api.registry.resolve(typed);
  return t && !t.virtual ? t : undefined;
}

function objectNames(env: KubectlEnv, typed: string, pos: Position): string[] {
  const type = resolve(env, typed);
  if (!type) return [];
  try {
    const namespace = !type.namespaced || pos.allNamespaces ? undefined : pos.namespace ?? env.config.namespace;
    return env.cluster.api.list(typeName(type), { namespace }).items.map((o) => o.metadata.name ?? '').filter(Boolean);
  } catch {
    return [];
  }
}

function containerNames(env: KubectlEnv, pos: Position): string[] {
  const pod = pos.positionals[0];
  if (!pod) return [];
  try {
    const obj = env.cluster.api.get('pods', pod.replace(/^(pods?|po)\//, ''), pos.namespace ?? env.config.namespace);
    const spec = obj.spec as { containers?: { name: string }[]; initContainers?: { name: string }[] } | undefined;
    return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
  } catch {
    return [];
  }
}

function workspaceFiles(env: KubectlEnv): string[] {
  return env.readDir?.('.') ?? [];
}
