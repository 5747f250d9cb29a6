// The whole "host powered off" story on a full cluster: real kubelets, the
// scheduler and the workload controllers together with node lifecycle.
import { describe, expect, it } from 'vitest';
import { isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { parseRFC3339 } from '../../../../src/runtime/clock';
import { createCluster } from '../../../../src/runtime/index';
import { condition, taints } from './lifecyclekit';

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: nginx, image: nginx}]
`;

const nodeOf = (p: KubeObject): string => (isObject(p.spec) && typeof p.spec.nodeName === 'string' ? p.spec.nodeName : '');

describe('a powered-off host on a full cluster', () => {
  it('goes NotReady, its pod is evicted 300 s after the taint and replaced elsewhere, and it recovers on power-on', () => {
    const c = createCluster();
    c.apply(web);
    c.settle();
    const pods = (): KubeObject[] => c.api.list('pods', { namespace: 'default' }).items;
    const victim = pods()[0];
    const host = nodeOf(victim);
    const off = c.clock.now();
    c.hosts.powerOff(host);

    c.advance(50_000);
    expect(condition(c.api.get('nodes', host), 'Ready')?.status).toBe('True');
    c.advance(20_000);
    const node = c.api.get('nodes', host);
    expect(condition(node, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    const noExecute = taints(node).find((t) => t.effect === 'NoExecute');
    expect(noExecute).toMatchObject({ key: 'node.kubernetes.io/unreachable' });
    const taintedAt = parseRFC3339(String(noExecute?.timeAdded)) ?? 0;
    expect(taintedAt - off).toBeGreaterThan(50_000);

    c.advance(taintedAt + 300_000 - 1 - c.clock.now());
    expect(c.api.get('pods', victim.metadata.name ?? '').metadata.deletionTimestamp).toBeUndefined();
    c.advance(1);
    expect(c.api.get('pods', victim.metadata.name ?? '').metadata.deletionTimestamp).toBeDefined();
    c.advance(30_000);
    const live = pods().filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(3);
    expect(live.every((p) => nodeOf(p) !== host && (p.status as { phase?: string }).phase === 'Running')).toBe(true);
    // Nobody can finish the old pod while its host is off: it stays Terminating.
    expect(pods()).toHaveLength(4);

    c.hosts.powerOn(host);
    c.advance(30_000);
    expect(pods().map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(condition(c.api.get('nodes', host), 'Ready')?.status).toBe('True');
    expect(taints(c.api.get('nodes', host))).toEqual([]);
  });
});
