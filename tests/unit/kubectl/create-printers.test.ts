// The -o yaml / -o json / -o name printers on shapes the create goldens do
// not reach. Expected texts are what kubectl v1.34.5 printed for the same
// objects (`kubectl label --local -f obj.json a=b -o yaml|json`).
import { describe, expect, it } from 'vitest';
import { printJSON } from '../../../src/kubectl/printers/json';
import { nameLine, printName } from '../../../src/kubectl/printers/name';
import { keyLess, printYAML } from '../../../src/kubectl/printers/yaml';

const NESTED = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: 'b' } },
  spec: { x: [[1, 2], [], {}, [{ a: 1, b: [3] }], { k: {} }, null, 1.5, 1234567.5, 0.00001, true], zz: { a: { b: { c: [{ d: 'e' }] } } } },
};

describe('printYAML', () => {
  it('nests sequences and mappings as go-yaml v2 does', () => {
    expect(printYAML(NESTED)).toBe(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    a: b\n  name: p\nspec:\n  x:\n  - - 1\n    - 2\n  - []\n  - {}\n  - - a: 1\n      b:\n      - 3\n  - k: {}\n  - null\n  - 1.5\n  - 1.2345675e+06\n  - 1e-05\n  - true\n  zz:\n    a:\n      b:\n        c:\n        - d: e\n',
    );
  });

  it('folds long plain and quoted strings at column 80, never keys', () => {
    const words = Array.from({ length: 25 }, () => 'word').join(' ');
    expect(printYAML({ data: { a: words, b: ` ${words}` } })).toBe(
      'data:\n  a: word word word word word word word word word word word word word word word word\n    word word word word word word word word word\n' +
        "  b: ' word word word word word word word word word word word word word word word\n    word word word word word word word word word word'\n",
    );
  });

  it('quotes emoji and control characters in double quotes with escapes', () => {
    expect(printYAML({ a: 'emoji 😀 x', b: 'bom\ufeffx', c: 'a\rb', d: 'a\\b' })).toBe('a: "emoji \\U0001F600 x"\nb: "bom\\uFEFFx"\nc: "a\\rb"\nd: a\\b\n');
  });

  it('sorts keys with go-yaml natural order: runs of digits by value, non-letters before letters', () => {
    const keys = ['a10', 'a9', 'a.b', 'a', 'B', '_u', '10', '9', 'x1y10', 'x1y2', 'a-b'];
    expect([...keys].sort((x, y) => (keyLess(x, y) ? -1 : keyLess(y, x) ? 1 : 0))).toEqual(['_u', '9', '10', 'B', 'a', 'a-b', 'a.b', 'a9', 'a10', 'x1y2', 'x1y10']);
  });

  it('prints RFC 3339 timestamps quoted, as they would read back as timestamps', () => {
    expect(printYAML({ metadata: { creationTimestamp: '2024-01-01T00:00:00Z', resourceVersion: '12' } })).toBe(
      'metadata:\n  creationTimestamp: "2024-01-01T00:00:00Z"\n  resourceVersion: "12"\n',
    );
  });
});

describe('printJSON', () => {
  it('sorts keys for server objects and escapes HTML characters as Go does', () => {
    expect(printJSON({ kind: 'ConfigMap', apiVersion: 'v1', data: { b: '<b>&', a: 'x\u2028' }, metadata: {} })).toBe(
      '{\n    "apiVersion": "v1",\n    "data": {\n        "a": "x\\u2028",\n        "b": "\\u003cb\\u003e\\u0026"\n    },\n    "kind": "ConfigMap",\n    "metadata": {}\n}\n',
    );
  });

  it('keeps field order for typed objects', () => {
    expect(printJSON({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'dev' }, spec: {}, status: {} }, { keepOrder: true })).toBe(
      '{\n    "kind": "Namespace",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "dev"\n    },\n    "spec": {},\n    "status": {}\n}\n',
    );
  });
});

describe('name printer', () => {
  it('writes kind.group/name with the operation and dry-run marker', () => {
    expect(printName({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } }, 'created', 'client')).toBe('deployment.apps/web created (dry run)\n');
    expect(printName({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'nginx' } })).toBe('pod/nginx\n');
    expect(nameLine('horizontalpodautoscaler.autoscaling', 'web', 'created', 'server')).toBe('horizontalpodautoscaler.autoscaling/web created (server dry run)\n');
  });
});
