import { describe, expect, it } from 'vitest';
import { ApiServer } from '../../../../src/runtime/api/apiserver';
import { admissionChain } from '../../../../src/runtime/api/admission/index';
import { Clock } from '../../../../src/runtime/clock';
import { EVENT_TTL_MS, EventRecorder } from '../../../../src/runtime/events/recorder';
import type { KubeObject } from '../../../../src/runtime/api/types';

function setup(): { api: ApiServer; clock: Clock; pod: KubeObject } {
  const clock = new Clock();
  const api = new ApiServer(clock);
  api.useAdmission(...admissionChain());
  api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
  api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'default' } });
  const pod = api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, { trusted: true });
  clock.drain();
  return { api, clock, pod };
}

describe('EventRecorder', () => {
  it('stores core/v1 events with the shape the full create path gives them', () => {
    const { api, pod } = setup();
    new EventRecorder(api, { component: 'kubelet', host: 'worker-1' }).event(pod, 'Normal', 'Pulling', 'Pulling image "nginx"', { fieldPath: 'spec.containers{c}' });
    const [e] = api.list('events').items;
    expect(Object.keys(e.metadata)).toEqual(['name', 'namespace', 'uid', 'creationTimestamp', 'resourceVersion']);
    expect(e.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(e.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(e.source).toEqual({ component: 'kubelet', host: 'worker-1' });
    expect(e.count).toBe(1);
    expect(Object.isFrozen(e.source)).toBe(true);
  });

  it('refuses events in a namespace that does not exist, as admission does for any create', () => {
    const { api, pod } = setup();
    const other = { ...pod, metadata: { ...pod.metadata, namespace: 'missing' } };
    new EventRecorder(api, { component: 'kubelet' }).event(other, 'Normal', 'Pulling', 'x');
    expect(api.list('events').items).toHaveLength(0);
  });

  it('deletes each event exactly one TTL after it was written, oldest first', () => {
    const { api, clock, pod } = setup();
    const r = new EventRecorder(api, { component: 'kubelet' });
    r.event(pod, 'Normal', 'A', 'first');
    clock.advance(30_000);
    r.event(pod, 'Normal', 'B', 'second');
    r.event(pod, 'Normal', 'B', 'second');
    expect(api.list('events').items.map((e) => [e.reason, e.count])).toEqual([['A', 1], ['B', 2]]);
    clock.advance(EVENT_TTL_MS - 30_001);
    expect(api.list('events').items).toHaveLength(2);
    clock.advance(1);
    expect(api.list('events').items.map((e) => e.reason)).toEqual(['B']);
    clock.advance(29_999);
    expect(api.list('events').items).toHaveLength(1);
    clock.advance(1);
    expect(api.list('events').items).toHaveLength(0);
    // Folding starts over once the folded event is gone.
    r.event(pod, 'Normal', 'B', 'second');
    expect(api.list('events').items.map((e) => e.count)).toEqual([1]);
  });

  it('folds by object, field path, type, reason and message, also for an object with many distinct events', () => {
    const { api, clock, pod } = setup();
    const r = new EventRecorder(api, { component: 'replicaset-controller' });
    for (let i = 0; i < 40; i++) r.event(pod, 'Normal', 'SuccessfulCreate', `Created pod: web-${i}`);
    r.event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-3');
    r.event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-39');
    r.event(pod, 'Warning', 'SuccessfulCreate', 'Created pod: web-39');
    r.event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-39', { fieldPath: 'spec.containers{c}' });
    const counts = new Map(api.list('events').items.map((e) => [`${String(e.type)} ${String(e.message)} ${(e.involvedObject as { fieldPath?: string }).fieldPath ?? ''}`, e.count]));
    expect(counts.size).toBe(42);
    expect(counts.get('Normal Created pod: web-3 ')).toBe(2);
    expect(counts.get('Normal Created pod: web-39 ')).toBe(2);
    expect(counts.get('Normal Created pod: web-0 ')).toBe(1);
    expect(counts.get('Warning Created pod: web-39 ')).toBe(1);
    expect(counts.get('Normal Created pod: web-39 spec.containers{c}')).toBe(1);
    // Once every event has expired, the same message starts a new event at count 1.
    clock.advance(EVENT_TTL_MS);
    expect(api.list('events').items).toHaveLength(0);
    r.event(pod, 'Normal', 'SuccessfulCreate', 'Created pod: web-3');
    expect(api.list('events').items.map((e) => e.count)).toEqual([1]);
  });
  it('keeps folding the latest revision as an object gains events, loses one, and has many', () => {
    const { api, clock, pod } = setup();
    const r = new EventRecorder(api, { component: 'kubelet', host: 'worker-1' });
    const count = (message: string): unknown[] => api.list('events').items.filter((e) => e.message === message).map((e) => e.count);
    r.event(pod, 'Normal', 'Pulled', 'A');
    r.event(pod, 'Normal', 'Pulled', 'A');
    r.event(pod, 'Normal', 'Created', 'B');
    r.event(pod, 'Normal', 'Pulled', 'A');
    expect(count('A')).toEqual([3]);
    expect(count('B')).toEqual([1]);
    // Deleted behind the recorder's back: the next one starts over, and later ones fold into it.
    const [a] = api.list('events').items.filter((e) => e.message === 'A');
    api.delete('events', a.metadata.name ?? '', { namespace: 'default' });
    clock.advance(1000);
    r.event(pod, 'Normal', 'Pulled', 'A');
    r.event(pod, 'Normal', 'Pulled', 'A');
    expect(count('A')).toEqual([2]);
    for (let i = 0; i < 20; i++) r.event(pod, 'Normal', 'Started', `C${i}`);
    r.event(pod, 'Normal', 'Pulled', 'A');
    r.event(pod, 'Normal', 'Created', 'B');
    r.event(pod, 'Normal', 'Started', 'C7');
    expect([count('A'), count('B'), count('C7'), count('C8')]).toEqual([[3], [2], [2], [1]]);
    expect(api.list('events').items[0].lastTimestamp).toBe('2026-01-01T00:00:01Z');
    clock.advance(EVENT_TTL_MS);
    expect(api.list('events').items).toHaveLength(0);
    r.event(pod, 'Normal', 'Pulled', 'A');
    r.event(pod, 'Normal', 'Started', 'C7');
    expect([count('A'), count('C7')]).toEqual([[1], [1]]);
  });
});
