// kubectl's error output: `error: …` for client-side problems, the server's
// `Error from server (Reason): …` for API errors; exit code 1 either way.
import { isStatusError } from '../runtime/api/errors';
import type { KubectlResult, Output } from './types';

/** A client-side failure; its message is printed after "error: ". */
export class KubectlError extends Error {
  constructor(
    message: string,
    /** Printed as is, without the "error: " prefix (some kubectl messages have none). */
    readonly raw = false,
  ) {
    super(message);
  }
}

/** A usage error: kubectl adds "See 'kubectl <cmd> --help' for usage." */
export class UsageError extends KubectlError {}

export function ok(stdout = '', stderr = ''): KubectlResult {
  return { stdout, stderr, exitCode: 0 };
}

export function failed(stderr: string, stdout = ''): KubectlResult {
  return { stdout, stderr, exitCode: 1 };
}

/** The text kubectl prints for an error thrown by a command. */
export function errorText(e: unknown, path: string[], context = ''): string {
  if (isStatusError(e)) return e.toKubectl(context) + '\n';
  if (e instanceof UsageError) return `error: ${e.message}\nSee 'kubectl ${path.join(' ')} --help' for usage.\n`;
  if (e instanceof KubectlError) return e.raw ? ensureNewline(e.message) : `error: ${ensureNewline(e.message)}`;
  const message = e instanceof Error ? e.message : String(e);
  return `error: ${ensureNewline(message)}`;
}

export function ensureNewline(s: string): string {
  return s === '' || s.endsWith('\n') ? s : s + '\n';
}

/** Collects output and failures of a command that handles several objects and goes on after an error, as kubectl does. */
export class OutputCollector {
  stdout = '';
  stderr = '';
  failedAny = false;

  out(text: string): void {
    this.stdout += ensureNewline(text);
  }

  err(text: string): void {
    this.stderr += ensureNewline(text);
  }

  fail(e: unknown, path: string[], context = ''): void {
    this.failedAny = true;
    this.stderr += errorText(e, path, context);
  }

  write(o: Output): void {
    if (o.stdout) this.stdout += o.stdout;
    if (o.stderr) this.stderr += o.stderr;
  }

  result(): KubectlResult {
    return { stdout: this.stdout, stderr: this.stderr, exitCode: this.failedAny ? 1 : 0 };
  }
}
