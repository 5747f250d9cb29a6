// Registry strategy rules that show in `kubectl get -o yaml`: the DaemonSet
// template generation (pkg/registry/apps/daemonset/strategy.go, carried in
// apps/v1 as the deprecated.daemonset.template.generation annotation).
import { describe, expect, it } from 'vitest';
import { createCluster, type KubeObject } from '../../../../src/runtime/index';

const ds = (image: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'agent', namespace: 'default' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image }] } },
    ...extra,
  },
});

const generationOf = (o: KubeObject): string | undefined => o.metadata.annotations?.['deprecated.daemonset.template.generation'];

describe('DaemonSet template generation', () => {
  it('starts at 1, moves only when the pod template changes, and cannot be set by the user', () => {
    const c = createCluster();
    const created = c.api.create(ds('fluentd:1'));
    expect(generationOf(created)).toBe('1');
    const sameTemplate = c.api.update({ ...ds('fluentd:1', { minReadySeconds: 5 }), metadata: { ...created.metadata } });
    expect(generationOf(sameTemplate)).toBe('1');
    expect(sameTemplate.metadata.generation).toBe(2);
    const newImage = c.api.update({ ...ds('fluentd:2'), metadata: { ...sameTemplate.metadata } });
    expect(generationOf(newImage)).toBe('2');
    const forged = c.api.update({ ...ds('fluentd:2'), metadata: { ...newImage.metadata, annotations: { 'deprecated.daemonset.template.generation': '9' } } });
    expect(generationOf(forged)).toBe('2');
  });

  it('daemon pods carry it as the pod-template-generation label', () => {
    const c = createCluster();
    c.api.create(ds('fluentd:1'));
    c.settle();
    const pods = c.api.list('pods', { namespace: 'default', labelSelector: 'app=agent' }).items;
    expect(pods.length).toBe(3);
    expect(pods.every((p) => p.metadata.labels?.['pod-template-generation'] === '1')).toBe(true);
  });
});
