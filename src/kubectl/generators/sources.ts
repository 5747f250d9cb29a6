// The data sources of `create configmap` and `create secret generic`
// (kubectl pkg/cmd/util/env_file.go and the hash/literal helpers): literals
// `key=value`, files `[key=]path` (a directory adds each regular file in it),
// and env files. Files come from the workspace through env.readFile/readDir.
import { KubectlError } from '../errors';
import type { KubectlEnv } from '../types';

export interface DataSources {
  literals: string[];
  files: string[];
  envFiles: string[];
}

/** The kind of object keys go into, for error messages: `ConfigMap` or `Secret`. */
export type SourceTarget = 'ConfigMap' | 'Secret';

/** Ordered key/value pairs, in the order kubectl adds them (files, then literals, then env files). */
export function collectData(env: KubectlEnv, src: DataSources, target: SourceTarget, objectName: string): Map<string, string> {
  if (src.envFiles.length && (src.files.length || src.literals.length)) {
    throw new KubectlError('from-env-file cannot be combined with from-file or from-literal');
  }
  const data = new Map<string, string>();
  const add = (key: string, value: string): void => {
    const errs = configMapKeyErrors(key);
    if (errs.length) throw new KubectlError(`${JSON.stringify(key)} is not a valid key name for a ${target}: ${errs.join(';')}`);
    if (data.has(key)) throw new KubectlError(`cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ${target} ${JSON.stringify(objectName)}`);
    data.set(key, value);
  };
  for (const f of src.files) addFromFile(env, f, add);
  for (const lit of src.literals) {
    const eq = lit.indexOf('=');
    if (eq < 0) throw new KubectlError(`invalid literal source ${lit}, expected key=value`);
    add(lit.slice(0, eq), lit.slice(eq + 1));
  }
  for (const f of src.envFiles) for (const [k, v] of readEnvFile(env, f)) add(k, v);
  return data;
}

function addFromFile(env: KubectlEnv, source: string, add: (k: string, v: string) => void): void {
  const eq = source.indexOf('=');
  let key = '';
  let path = source;
  if (eq >= 0) {
    key = source.slice(0, eq);
    path = source.slice(eq + 1);
    if (key === '') throw new KubectlError(`key name for file path ${path} missing`);
    if (path === '') throw new KubectlError(`file path for key name ${key} missing`);
  }
  const entries = env.readDir?.(path);
  if (entries) {
    if (key) throw new KubectlError('cannot give a key name for a directory path');
    for (const name of [...entries].sort()) {
      const child = `${path.replace(/\/+$/, '')}/${name}`;
      if (env.readDir?.(child)) continue;
      add(name, readText(env, child));
    }
    return;
  }
  add(key || basename(path), readText(env, path));
}

function readText(env: KubectlEnv, path: string): string {
  const r = env.readFile?.(path) ?? { error: 'no such file or directory' };
  if ('error' in r) throw new KubectlError(`error reading ${path}: ${stripOsPrefix(r.error, path)}`);
  return r.text;
}

/** Workspace errors read like Go's (`open x: no such file or directory`); kubectl prints only the cause. */
function stripOsPrefix(error: string, path: string): string {
  for (const op of ['open', 'stat', 'read']) if (error.startsWith(`${op} ${path}: `)) return error.slice(op.length + path.length + 3);
  return error;
}

function basename(path: string): string {
  const parts = path.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1];
}

/** An env file: KEY=VALUE lines; blank lines and `#` comments skipped; leading whitespace trimmed; nothing else. */
export function readEnvFile(env: KubectlEnv, path: string): [string, string][] {
  const text = readText(env, path);
  const out: [string, string][] = [];
  text.split('\n').forEach((raw, i) => {
    let line = raw.replace(/\r$/, '');
    if (i === 0) line = line.replace(/^\ufeff/, '');
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    const errs = envVarNameErrors(key);
    if (errs.length) throw new KubectlError(`${JSON.stringify(key)} is not a valid key name: ${errs.join(';')}`);
    // A bare KEY takes its value from kubectl's environment; the sandbox has none.
    out.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  });
  return out;
}

/** validation.IsConfigMapKey. */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push('must be no more than 253 characters');
  if (!/^[-._a-zA-Z0-9]+$/.test(key)) {
    errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** validation.IsEnvVarName. */
export function envVarNameErrors(key: string): string[] {
  const errs: string[] = [];
  if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(key)) {
    errs.push(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')",
    );
  }
  if (key === '.') errs.push("must not be '.'");
  else if (key === '..') errs.push("must not be '..'");
  else if (key.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Base64 of the UTF-8 bytes, as Secret data carries values. */
export function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

export function dataSourceFlags(): { name: string; type: 'stringSlice' | 'stringArray' }[] {
  return [
    { name: 'from-file', type: 'stringSlice' },
    { name: 'from-literal', type: 'stringArray' },
    { name: 'from-env-file', type: 'stringSlice' },
  ];
}
