// Derives `kubectl explain`'s field descriptions and required markers from
// the JSDoc of @kubernetes/client-node's generated models, into a git-ignored
// file the app loads (src/kubectl/generated/explain-docs.json). The prose is
// upstream's, so it is generated from the installed package at build and test
// time rather than committed.
// Run: npx tsx scripts/gen-explain-docs.ts  (npm's prebuild / pretest do it)
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface TypeDocs {
  /** The type's own description. */
  d?: string;
  /** Field (JSON name) → description. */
  f: Record<string, string>;
  /** JSON names of required fields. */
  r: string[];
}

export interface ExplainDocs {
  source: string;
  types: Record<string, TypeDocs>;
}

interface Attr {
  name: string;
  baseName: string;
}

const require = createRequire(import.meta.url);

export function modelsDir(): string {
  return join(dirname(require.resolve('@kubernetes/client-node/package.json')), 'dist/gen/models');
}

/** The JSDoc block text, unescaped the way the generator escaped it. */
function docText(block: string): string {
  return block
    .split('\n')
    .map((l) => l.replace(/^\s*\*\s?/, ''))
    .join('\n')
    .trim()
    .replace(/\\(['"\\])/g, '$1');
}

/** Class description, and for each property (TS name) its description and whether it is optional. */
function parseDeclaration(text: string): { d?: string; props: Map<string, { doc?: string; optional: boolean }> } {
  const props = new Map<string, { doc?: string; optional: boolean }>();
  const classMatch = /\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*export declare class/.exec(text);
  const body = text.slice(text.indexOf('export declare class'));
  const re = /(?:\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*)?'([^']+)'(\?)?:/g;
  for (let m = re.exec(body); m; m = re.exec(body)) props.set(m[2], { doc: m[1] ? docText(m[1]) : undefined, optional: m[3] === '?' });
  return { d: classMatch ? docText(classMatch[1]) : undefined, props };
}

/** Only the types the API field tree uses (src/runtime/api/generated/fields.json): what explain can reach. */
function reachableTypes(): Set<string> {
  const fields = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../src/runtime/api/generated/fields.json'), 'utf8')) as { types: Record<string, unknown> };
  return new Set(Object.keys(fields.types));
}

export async function generateExplainDocs(): Promise<ExplainDocs> {
  const dir = modelsDir();
  const wanted = reachableTypes();
  const types: Record<string, TypeDocs> = {};
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.d.ts') || f === 'all.d.ts' || f === 'ObjectSerializer.d.ts') continue;
    const name = f.slice(0, -'.d.ts'.length);
    if (!wanted.has(name)) continue;
    const js = join(dir, `${name}.js`);
    if (!existsSync(js)) continue;
    const mod = (await import(pathToFileURL(js).href)) as Record<string, { attributeTypeMap?: Attr[] }>;
    const attrs = mod[name]?.attributeTypeMap;
    if (!Array.isArray(attrs)) continue;
    const { d, props } = parseDeclaration(readFileSync(join(dir, f), 'utf8'));
    const entry: TypeDocs = { f: {}, r: [] };
    if (d && !d.startsWith('Kubernetes')) entry.d = d;
    for (const a of attrs) {
      const p = props.get(a.name);
      if (!p) continue;
      if (p.doc) entry.f[a.baseName] = p.doc;
      if (!p.optional) entry.r.push(a.baseName);
    }
    types[name] = entry;
  }
  return { source: '@kubernetes/client-node models (JSDoc)', types };
}

export const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), '../src/kubectl/generated/explain-docs.json');

async function main(): Promise<void> {
  const docs = await generateExplainDocs();
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, JSON.stringify(docs) + '\n');
  console.log(`${Object.keys(docs.types).length} types -> ${OUTPUT}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
