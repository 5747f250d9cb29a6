// Derives the field tree of every built-in kind from @kubernetes/client-node's
// generated models (attributeTypeMap), for strict field validation ("unknown
// field") and Go type names in decode errors. Field names only — no prose.
// Run: npx tsx scripts/gen-api-fields.ts
import { readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Attr { baseName: string; type: string; format: string }
type ModelClass = { attributeTypeMap?: Attr[] };

const require = createRequire(import.meta.url);
const modelsDir = join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models');

async function main(): Promise<void> {
  const classes = new Map<string, ModelClass>();
  for (const f of readdirSync(modelsDir)) {
    if (!f.endsWith('.js') || f === 'all.js' || f === 'ObjectSerializer.js') continue;
    const mod = (await import(pathToFileURL(join(modelsDir, f)).href)) as Record<string, ModelClass>;
    for (const [name, cls] of Object.entries(mod)) if (cls && Array.isArray(cls.attributeTypeMap)) classes.set(name, cls);
  }
  const types: Record<string, Record<string, string>> = {};
  const roots: string[] = [];
  const visit = (name: string): void => {
    if (types[name] || !classes.has(name)) return;
    const fields: Record<string, string> = {};
    types[name] = fields;
    for (const a of classes.get(name)!.attributeTypeMap!) {
      fields[a.baseName] = encode(a.type, a.format);
      for (const ref of a.type.match(/[A-Z][A-Za-z0-9]*V[0-9][A-Za-z0-9]*|V[0-9][A-Za-z0-9]+/g) ?? []) visit(ref);
    }
  };
  for (const [name, cls] of classes) {
    const names = new Set(cls.attributeTypeMap!.map((a) => a.baseName));
    if (names.has('kind') && names.has('metadata') && !name.endsWith('List')) {
      roots.push(name);
      visit(name);
    }
  }
  const out = join(dirname(new URL(import.meta.url).pathname), '../src/runtime/api/generated/fields.json');
  writeFileSync(out, JSON.stringify({ source: '@kubernetes/client-node models', roots: roots.sort(), types }) + '\n');
  console.log(`${roots.length} kinds, ${Object.keys(types).length} types -> ${out}`);
}

/** Compact type code: s string, b bool, t time, * free-form, io int-or-string, n:<format>, [X array, {X map, or a type name. */
function encode(type: string, format: string): string {
  const arr = /^Array<(.*)>$/.exec(type);
  if (arr) return '[' + encode(arr[1], format);
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(type);
  if (map) return '{' + encode(map[1], format);
  switch (type) {
    case 'string': return 's';
    case 'boolean': return 'b';
    case 'Date': return 't';
    case 'any': case 'object': return '*';
    case 'IntOrString': return 'io';
    case 'number': return 'n:' + (format || 'int64');
    default: return type;
  }
}

void main();
