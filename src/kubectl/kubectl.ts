// The kubectl front door: find the command the way cobra does (flags may come
// before it), parse its flags with the global ones, run it, and turn every
// failure into kubectl's own error text and exit code. No argv crashes it.
import { COMMANDS } from './commands/index';
import { errorText, KubectlError, UsageError } from './errors';
import { FlagError, parseArgs, type FlagSpec } from './flags';
import type { Command, CommandContext, KubectlEnv, KubectlResult } from './types';

/** kubectl's persistent flags (the ones every command accepts). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'as-uid', type: 'string' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'cache-dir', type: 'string' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'disable-compression', type: 'bool' },
  { name: 'v', short: 'v', type: 'int', default: 0 },
  { name: 'help', short: 'h', type: 'bool' },
];

export function runKubectl(argv: readonly string[], env: KubectlEnv): KubectlResult {
  let path = [] as string[];
  try {
    const found = findCommand(argv);
    path = found.path;
    if (!found.command) return rootHelp();
    const command = found.command;
    const { flags, positionals, afterDash } = parseArgs(found.rest, [...GLOBAL_FLAGS, ...(command.flags ?? [])]);
    if (flags.bool('help') || !command.run) return helpFor(command, path);
    const ctx: CommandContext = {
      env,
      flags,
      args: positionals,
      afterDash,
      path,
      namespace: flags.string('namespace') || env.config.namespace,
      namespaceExplicit: flags.has('namespace'),
    };
    return command.run(ctx);
  } catch (e) {
    if (e instanceof FlagError) return { stdout: '', stderr: errorText(new UsageError(e.message), path.length ? path : ['']), exitCode: 1 };
    if (e instanceof UnknownCommand) return { stdout: '', stderr: e.message, exitCode: 1 };
    return { stdout: '', stderr: errorText(e, path), exitCode: 1 };
  }
}

class UnknownCommand extends KubectlError {}

interface Found {
  command: Command | undefined;
  path: string[];
  rest: string[];
}

/** Walk the arguments for command and subcommand names, skipping flags and their values, as cobra's Find does. */
function findCommand(argv: readonly string[]): Found {
  const rest = [...argv];
  const first = nextWord(rest, GLOBAL_FLAGS);
  if (first === undefined) return { command: undefined, path: [], rest };
  const command = lookup(COMMANDS, rest[first]);
  if (!command) throw new UnknownCommand(unknownCommandText(rest[first]));
  rest.splice(first, 1);
  const path = [command.name];
  let current = command;
  while (current.subcommands?.length) {
    const i = nextWord(rest, [...GLOBAL_FLAGS, ...(current.flags ?? [])]);
    if (i === undefined) break;
    const sub = lookup(current.subcommands, rest[i]);
    if (!sub) {
      if (current.run) break;
      throw new UnknownCommand(`error: unknown command ${JSON.stringify(rest[i])}\nSee 'kubectl ${path.join(' ')} -h' for help and examples\n`);
    }
    rest.splice(i, 1);
    path.push(sub.name);
    current = sub;
  }
  return { command: current, path, rest };
}

function lookup(commands: readonly Command[], word: string): Command | undefined {
  return commands.find((c) => c.name === word || c.aliases?.includes(word));
}

/** Index of the first argument that is neither a flag nor a flag's value. */
function nextWord(args: readonly string[], flags: readonly FlagSpec[]): number | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return undefined;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.includes('=')) continue;
    const spec = a.startsWith('--') ? flags.find((f) => f.name === a.slice(2)) : flags.find((f) => f.short === a.slice(-1));
    if (spec && spec.type !== 'bool' && spec.noOptDefault === undefined && (a.startsWith('--') || a.length === 2)) i++;
  }
  return undefined;
}

function unknownCommandText(word: string): string {
  const suggestions = COMMANDS.filter((c) => c.name.startsWith(word) || levenshtein(c.name, word) <= 2).map((c) => c.name);
  const hint = suggestions.length ? `\n\nDid you mean this?\n${suggestions.map((s) => `\t${s}`).join('\n')}` : '';
  return `error: unknown command ${JSON.stringify(word)} for "kubectl"${hint}\n`;
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

function rootHelp(): KubectlResult {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.short}`);
  return {
    stdout: `kubectl controls the Kubernetes cluster manager.\n\nCommands:\n${lines.join('\n')}\n\nUsage:\n  kubectl [flags] [options]\n`,
    stderr: '',
    exitCode: 0,
  };
}

function helpFor(command: Command, path: string[]): KubectlResult {
  const subs = command.subcommands ?? [];
  const width = Math.max(0, ...subs.map((c) => c.name.length)) + 2;
  const subText = subs.length ? `\nAvailable Commands:\n${subs.map((c) => `  ${c.name.padEnd(width)}${c.short}`).join('\n')}\n` : '';
  const flags = (command.flags ?? []).map((f) => `    ${f.short ? `-${f.short}, ` : ''}--${f.name}`).join('\n');
  const flagText = flags ? `\nOptions:\n${flags}\n` : '';
  return { stdout: `${command.short}\n${subText}${flagText}\nUsage:\n  kubectl ${path.join(' ')} [options]\n`, stderr: '', exitCode: 0 };
}
