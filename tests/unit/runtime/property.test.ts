// apply() is the front door for anything a learner pastes: it must answer
// every input with results or errors, never an exception.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCluster, isApplyError } from '../../../src/runtime/index';

const cluster = createCluster();

const kinds = ['Pod', 'Deployment', 'Service', 'ConfigMap', 'Namespace', 'Job', 'Ingress', 'Secret', 'StatefulSet', 'Foo'];
const versions = ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'extensions/v1beta1', 'bogus/v9', ''];

/** Arbitrary JSON-ish values, biased towards shapes that look like manifests. */
const value = fc.letrec((tie) => ({
  any: fc.oneof(
    { depthSize: 'small' },
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('name', 'spec', 'containers', 'image', 'ports', 'selector', 'metadata', 'labels', 'replicas', 'template')), tie('any'), { maxKeys: 5 }),
  ),
})).any;

const manifest = fc.record({
  apiVersion: fc.constantFrom(...versions),
  kind: fc.constantFrom(...kinds),
  metadata: fc.oneof(value, fc.record({ name: fc.oneof(fc.string(), fc.constantFrom('web', 'a', 'Bad_Name')), labels: value })),
  spec: value,
});

function dump(v: unknown): string {
  return JSON.stringify(v) ?? 'null';
}

describe('apply never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const results = cluster.apply(text);
        expect(Array.isArray(results)).toBe(true);
        for (const r of results) if (isApplyError(r)) expect(typeof r.error).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('on YAML-looking text built from manifest fragments', () => {
    const line = fc.constantFrom('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: x', 'spec:', '  containers:', '  - name: c', '    image: nginx', '---', '  ports: [', '{{ .Values.x }}', '  - containerPort: 80', ': :', '\t', '- ', '  replicas: "3"');
    fc.assert(
      fc.property(fc.array(line, { maxLength: 20 }), (lines) => {
        expect(Array.isArray(cluster.apply(lines.join('\n')))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary objects (as JSON, which is YAML)', () => {
    fc.assert(
      fc.property(fc.oneof(manifest, value), (obj) => {
        const results = cluster.apply(dump(obj));
        expect(results.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('and the api verbs answer arbitrary objects with StatusErrors only', () => {
    fc.assert(
      fc.property(manifest, (obj) => {
        for (const call of [() => cluster.api.create(obj), () => cluster.api.update(obj)]) {
          try {
            call();
          } catch (e) {
            expect((e as Error).name).toBe('StatusError');
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
