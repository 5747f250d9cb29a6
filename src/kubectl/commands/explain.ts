/// <reference types="vite/client" />
// kubectl explain: the schema of a kind or of a field path, in v1.34's
// plaintext layout (GROUP / KIND / VERSION, FIELD, DESCRIPTION, FIELDS with
// `<type>` and `-required-`). Field names and types come from the API field
// tree; descriptions and required markers from a file generated at build and
// test time from @kubernetes/client-node (scripts/gen-explain-docs.ts), since
// upstream's prose is not committed. Without that file explain still lists
// fields and types.
import { modelFields } from '../../runtime/api/schema';
import type { ResourceType } from '../../runtime/api/resources';
import { KubectlError } from '../errors';
import { resolveType } from '../resourceargs';
import type { Command, CommandContext, KubectlResult } from '../types';

interface TypeDocs {
  d?: string;
  f: Record<string, string>;
  r: string[];
}

let docs: Record<string, TypeDocs> = loadGenerated();

/** The generated docs, when the bundler (Vite, vitest) can include them; hosts without a bundler pass them in with useExplainDocs. */
function loadGenerated(): Record<string, TypeDocs> {
  try {
    const found = import.meta.glob<{ types: Record<string, TypeDocs> }>('../generated/explain-docs.json', { eager: true, import: 'default' });
    return Object.values(found)[0]?.types ?? {};
  } catch {
    return {};
  }
}

/** Install descriptions (the `types` of explain-docs.json), e.g. read from disk by the CLI. */
export function useExplainDocs(types: Record<string, TypeDocs>): void {
  docs = types;
}

export function hasExplainDocs(): boolean {
  return Object.keys(docs).length > 0;
}

export const explainCommand: Command = {
  name: 'explain',
  short: 'Get documentation for a resource',
  flags: [
    { name: 'recursive', type: 'bool' },
    { name: 'api-version', type: 'string' },
    { name: 'output', type: 'string', default: 'plaintext' },
  ],
  run: runExplain,
};

function runExplain(ctx: CommandContext): KubectlResult {
  const { args, flags, env } = ctx;
  if (args.length === 0) throw new KubectlError('You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
  if (args.length > 1) throw new KubectlError('We accept only this format: explain RESOURCE\n');
  const output = flags.string('output');
  if (output !== 'plaintext' && output !== 'plaintext-openapiv2') throw new KubectlError(`unsupported output format: ${output}`);
  const [typed, ...path] = args[0].split('.');
  const type = withVersion(resolveType(env, typed), flags.string('api-version'));
  if (!type.model || !modelFields(type.model)) throw new KubectlError(`couldn't find resource for ${JSON.stringify(`${type.group ? `${type.group}/` : ''}${type.version}, Resource=${type.resource}`)}`);
  const field = walk(type.model, path);
  return { stdout: render(type, path, field, flags.bool('recursive')), stderr: '', exitCode: 0 };
}

/** --api-version picks another version of the kind; the sandbox serves one version per kind. */
function withVersion(type: ResourceType, apiVersion: string): ResourceType {
  if (!apiVersion) return type;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group === type.group && version === type.version) return type;
  throw new KubectlError(`couldn't find resource for ${JSON.stringify(`${group ? `${group}/` : ''}${version}, Resource=${type.resource}`)}`);
}

interface FieldAt {
  /** Type code of the field (`s`, `[V1Container`, …); undefined for the kind itself. */
  code?: string;
  /** The model the field is, or holds (arrays and maps of models). */
  model?: string;
  name?: string;
  required: boolean;
  description?: string;
}

function walk(root: string, path: string[]): FieldAt {
  let model: string | undefined = root;
  let at: FieldAt = { model: root, required: false };
  for (const name of path) {
    const fields = model ? modelFields(model) : undefined;
    const code = fields?.[name];
    if (!model || code === undefined) throw new KubectlError(`field ${JSON.stringify(`[${path.join(' ')}]`)} does not exist`);
    const inner = innerModel(code);
    at = { code, model: inner, name, required: docs[model]?.r.includes(name) ?? false, description: docs[model]?.f[name] };
    model = inner;
  }
  return at;
}

function innerModel(code: string): string | undefined {
  const bare = code.replace(/^[[{]+/, '');
  return modelFields(bare) ? bare : undefined;
}

/** typeGuess: `string`, `[]Container`, `map[string]string`, `ObjectMeta`, `Object`. */
export function typeName(code: string): string {
  if (code.startsWith('[')) return `[]${typeName(code.slice(1))}`;
  if (code.startsWith('{')) return `map[string]${typeName(code.slice(1))}`;
  switch (code) {
    case 's':
    case 't':
      return 'string';
    case 'b':
      return 'boolean';
    case '*':
      return 'Object';
    case 'io':
      return 'IntOrString';
  }
  if (code.startsWith('n:')) return /int/.test(code) ? 'integer' : 'number';
  return shortModel(code);
}

/** `V1ObjectMeta` → `ObjectMeta`, `CoreV1Event` → `Event`, `V1alpha1IPAddress` → `IPAddress`. */
function shortModel(model: string): string {
  return model.replace(/^(?:[A-Z][a-z]+)*V\d+(?:(?:alpha|beta)\d+)?(?=[A-Z])/, '');
}

function render(type: ResourceType, path: string[], field: FieldAt, recursive: boolean): string {
  let out = type.group ? `GROUP:      ${type.group}\n` : '';
  out += `KIND:       ${type.kind}\nVERSION:    ${type.version}\n\n`;
  if (field.code !== undefined) out += `FIELD: ${field.name ?? ''} <${typeName(field.code)}>${field.required ? ' -required-' : ''}\n\n`;
  const description = [field.description, field.model ? docs[field.model]?.d : undefined].filter((d): d is string => !!d).join('\n');
  if (description) out += `DESCRIPTION:\n${wrapIndent(description, 4)}\n\n`;
  const fields = field.model ? modelFields(field.model) : undefined;
  if (!fields) return out;
  out += 'FIELDS:\n';
  out += recursive ? recursiveFields(field.model ?? '', 1, new Set([field.model ?? ''])) : fieldList(field.model ?? '');
  return out;
}

function fieldHeader(model: string, name: string, code: string, level: number): string {
  const required = docs[model]?.r.includes(name) ? ' -required-' : '';
  return `${' '.repeat(level * 2)}${name}\t<${typeName(code)}>${required}\n`;
}

function sortedFields(model: string): [string, string][] {
  return Object.entries(modelFields(model) ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function fieldList(model: string): string {
  let out = '';
  for (const [name, code] of sortedFields(model)) {
    out += fieldHeader(model, name, code, 1);
    const description = docs[model]?.f[name] ?? (innerModel(code) ? docs[innerModel(code) ?? '']?.d : undefined);
    if (description) out += `${wrapIndent(description, 4)}\n`;
    out += '\n';
  }
  return out;
}

/** --recursive: every field below, two spaces per level, no descriptions; a type already on the path is not expanded again. */
function recursiveFields(model: string, level: number, seen: Set<string>): string {
  let out = '';
  for (const [name, code] of sortedFields(model)) {
    out += fieldHeader(model, name, code, level);
    const inner = innerModel(code);
    if (inner && !seen.has(inner)) out += recursiveFields(inner, level + 1, new Set([...seen, inner]));
  }
  return out;
}

/** Word-wrap at 80 columns minus the indent (kubectl's wrap), keeping the text's own line breaks. */
export function wrapIndent(text: string, indent: number): string {
  const width = 80 - indent;
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(' ')) {
      if (line === '') line = word;
      else if (line.length + 1 + word.length <= width) line += ` ${word}`;
      else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines.map((l) => (l === '' ? '' : pad + l)).join('\n');
}
