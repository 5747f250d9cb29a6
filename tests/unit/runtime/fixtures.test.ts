// The corpus of real upstream example manifests (kubernetes/website
// content/en/examples, kept beside the checkout in ../shared): every document of
// a kind a v1.34 cluster serves must apply cleanly to a fresh cluster, as it
// does with a real kubectl; kinds or versions it does not serve are refused
// with kubectl's message.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCluster, isApplyError } from '../../../src/runtime/index';
import { parseDocuments } from '../../../src/runtime/api/yaml';

const ROOT = resolve(__dirname, '../../../../shared/fixtures/k8s-examples');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? yamlFiles(p) : f.endsWith('.yaml') || f.endsWith('.yml') ? [p] : [];
  });
}

const files = existsSync(ROOT) ? yamlFiles(ROOT).sort() : [];

describe('upstream example manifests', () => {
  it('the corpus is present beside the checkout', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  it.each(files.map((f) => [relative(ROOT, f), f]))('%s applies cleanly', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const cluster = createCluster();
    const served = parseDocuments(text).flatMap((d) => {
      const v = d.value as { apiVersion?: string; kind?: string; metadata?: { namespace?: string } } | undefined;
      return v?.apiVersion && v.kind ? [v] : [];
    });
    expect(served.length).toBeGreaterThan(0);
    for (const ns of new Set(served.map((d) => d.metadata?.namespace).filter((n): n is string => !!n))) {
      if (!cluster.api.tryGet('namespaces', ns)) cluster.api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    cluster.clock.drain();
    const results = cluster.apply(text, { filename: relative(ROOT, file) });
    expect(results.filter(isApplyError)).toEqual([]);
    expect(results.map((r) => (isApplyError(r) ? '' : r.action))).toEqual(served.map(() => 'created'));
    // A second apply of the same file changes nothing, as with kubectl.
    const again = cluster.apply(text, { filename: relative(ROOT, file) });
    expect(again.map((r) => (isApplyError(r) ? r.error : r.action))).toEqual(served.map(() => 'unchanged'));
  });
});

describe('kinds and versions a v1.34 cluster does not serve', () => {
  const cases: [string, string, string][] = [
    ['extensions/v1beta1', 'DaemonSet', 'fluentd'],
    ['extensions/v1beta1', 'Deployment', 'web'],
    ['extensions/v1beta1', 'Ingress', 'web'],
    ['apps/v1beta2', 'Deployment', 'web'],
    ['policy/v1beta1', 'PodDisruptionBudget', 'pdb'],
    ['policy/v1beta1', 'PodSecurityPolicy', 'restricted'],
    ['batch/v1beta1', 'CronJob', 'hello'],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'web'],
    ['networking.k8s.io/v1beta1', 'Ingress', 'web'],
    ['stable.example.com/v1', 'CronTab', 'my-new-cron-object'],
  ];
  it.each(cases)('%s %s is refused with kubectl\'s message', (apiVersion, kind, name) => {
    const cluster = createCluster();
    const [r] = cluster.apply(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n`);
    expect(isApplyError(r) && r.error).toBe(
      `error: resource mapping not found for name: "${name}" namespace: "" from "STDIN": no matches for kind "${kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    );
  });
});
