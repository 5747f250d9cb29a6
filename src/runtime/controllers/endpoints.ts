// The Endpoints controller (pkg/controller/endpoint): for every Service with a
// selector, one v1 Endpoints object of the same name listing the selected
// pods' addresses — ready ones under `addresses`, the others under
// `notReadyAddresses` — with each Service port resolved to the container port
// on that pod. It is what `kubectl get endpoints` shows; kube-proxy reads the
// EndpointSlices instead (see endpointslice.ts).
//
// Also here: the apiserver's own endpoint reconciler, which keeps the
// `kubernetes` Service's Endpoints and EndpointSlice pointing at the
// apiserver (the control-plane node, port 6443).
import type { ApiServer, Watch } from '../api/apiserver';
import { isStatusError } from '../api/errors';
import { deepEqual } from '../api/patch';
import { asArray, type KubeObject } from '../api/types';
import { toRFC3339, type Clock, type TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller, splitKey } from './controller';
import {
  ANNOTATION_TRIGGER_TIME,
  LABEL_HEADLESS,
  LABEL_SERVICE_NAME,
  LABEL_SKIP_MIRROR,
  PodServiceIndex,
  TriggerTimeTracker,
  findPort,
  isServiceIPSet,
  objectKeyOf,
  podIPv4,
  sameLabels,
  selectedPods,
  serviceSelector,
  servicePorts,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  specOf,
} from './endpointslice/util';
import { isPodReady } from './podutil';

/** Since v1.33 the controller labels what it writes, so its own Endpoints can be told from hand-made ones. */
export const LABEL_ENDPOINTS_MANAGED_BY = 'endpoints.kubernetes.io/managed-by';
export const ENDPOINT_CONTROLLER_NAME = 'endpoint-controller';
export const ANNOTATION_OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';
/** maxCapacity: an Endpoints object holds at most this many addresses; the rest are cut. */
export const ENDPOINTS_MAX_CAPACITY = 1000;

export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid: string };
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

export class EndpointsController extends Controller {
  readonly name = ENDPOINT_CONTROLLER_NAME;
  private readonly members: PodServiceIndex;
  private readonly triggers = new TriggerTimeTracker();
  private readonly recorder: EventRecorder;
  private watches: Watch[] = [];

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
    this.members = new PodServiceIndex(api, clock);
    this.recorder = new EventRecorder(api, { component: ENDPOINT_CONTROLLER_NAME });
  }

  start(): this {
    this.watch('services');
    this.members.start((keys) => keys.forEach((k) => this.enqueue(k)));
    // A deleted Endpoints object is put back at once (onEndpointsDelete).
    this.watches.push(
      this.api.watch('endpoints', {}, (e) => {
        if (e.type === 'DELETED') this.enqueue(objectKeyOf(e.object));
      }),
    );
    return this;
  }

  override stop(): void {
    super.stop();
    this.members.stop();
    for (const w of this.watches) w.stop();
    this.watches = [];
  }

  protected reconcile(key: string): void {
    const { namespace = 'default', name } = splitKey(key);
    const svc = this.api.tryGet('services', name, namespace);
    if (!svc) {
      // The Service is gone: so are its Endpoints (the apiserver's afterDelete does the same).
      if (this.api.tryGet('endpoints', name, namespace)) this.api.delete('endpoints', name, { namespace });
      this.triggers.delete(key);
      return;
    }
    // ExternalName Services and Services without a selector get no Endpoints from this
    // controller: the latter are for Endpoints the user writes by hand.
    if (specOf(svc).type === 'ExternalName') return;
    const selector = serviceSelector(svc);
    if (!selector) return;
    const pods = selectedPods(this.api, svc, selector);
    // Computed on every sync, so the tracker stays current even when nothing is written.
    const trigger = this.triggers.compute(key, svc, pods);
    const subsets = endpointSubsets(svc, pods);
    const current = this.api.tryGet('endpoints', name, namespace);
    const labels = desiredLabels(svc);
    if (current && upToDate(current, subsets, labels)) return;
    this.write(svc, current, subsets, labels, trigger);
  }

  private write(svc: KubeObject, current: KubeObject | undefined, subsets: EndpointSubset[], labels: Record<string, string>, trigger: number | undefined): void {
    const name = svc.metadata.name ?? '';
    const namespace = svc.metadata.namespace ?? 'default';
    const annotations = { ...(current?.metadata.annotations ?? {}) };
    if (trigger !== undefined) annotations[ANNOTATION_TRIGGER_TIME] = toRFC3339(trigger);
    else delete annotations[ANNOTATION_TRIGGER_TIME];
    const truncated = truncateEndpoints(subsets);
    if (truncated) annotations[ANNOTATION_OVER_CAPACITY] = 'truncated';
    else delete annotations[ANNOTATION_OVER_CAPACITY];
    const metadata = { ...(current?.metadata ?? { name, namespace }), labels, annotations };
    const next: KubeObject = { ...(current ?? { apiVersion: 'v1', kind: 'Endpoints' }), metadata };
    // No subsets at all is written as none (`subsets` is omitempty): kubectl shows `<none>`.
    if (subsets.length) next.subsets = truncated ?? subsets;
    else delete next.subsets;
    try {
      if (current) this.api.update(next, { trusted: true });
      else this.api.create(next, { trusted: true });
    } catch (e) {
      // A namespace being deleted refuses new objects: nothing to retry.
      if (!current && isStatusError(e) && e.reason === 'Forbidden' && e.message.includes('being terminated')) return;
      const why = e instanceof Error ? e.message : String(e);
      if (current) this.recorder.event(next, 'Warning', 'FailedToUpdateEndpoint', `Failed to update endpoint ${namespace}/${name}: ${why}`);
      else this.recorder.event(next, 'Warning', 'FailedToCreateEndpoint', `Failed to create endpoint for service ${namespace}/${name}: ${why}`);
      throw e;
    }
  }
}

/** The Service's labels, the controller's own, and the headless marker (the diff ignores the last). */
function desiredLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}), [LABEL_ENDPOINTS_MANAGED_BY]: ENDPOINT_CONTROLLER_NAME };
  if (isServiceIPSet(svc)) delete labels[LABEL_HEADLESS];
  else labels[LABEL_HEADLESS] = '';
  return labels;
}

function withoutHeadless(labels: Record<string, string> | undefined): Record<string, string> {
  const { [LABEL_HEADLESS]: _h, ...rest } = labels ?? {};
  return rest;
}

function upToDate(current: KubeObject, subsets: EndpointSubset[], labels: Record<string, string>): boolean {
  const total = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0), 0);
  const capacityOk = total <= ENDPOINTS_MAX_CAPACITY && !current.metadata.annotations?.[ANNOTATION_OVER_CAPACITY];
  return capacityOk && deepEqual(asArray(current.subsets), subsets) && sameLabels(withoutHeadless(current.metadata.labels), withoutHeadless(labels));
}

/** One address offering one port (or none, for a portless headless Service). */
export interface RepackEntry {
  address: EndpointAddress;
  ready: boolean;
  port?: EndpointPort;
}

/** One (address, port) entry per selected pod and Service port, then packed into subsets. */
export function endpointSubsets(svc: KubeObject, pods: KubeObject[]): EndpointSubset[] {
  const spec = specOf(svc);
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const ports = servicePorts(svc);
  const entries: RepackEntry[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const address = podAddress(pod, svc);
    if (!address) continue;
    const ready = publishNotReady || isPodReady(pod);
    // A headless Service may have no ports at all: its addresses still count.
    if (ports.length === 0) {
      if (spec.clusterIP === 'None') entries.push({ address, ready });
      continue;
    }
    for (const p of ports) {
      const port = findPort(pod, p);
      if (port === undefined) continue;
      entries.push({ address, ready, port: endpointPort(p, port) });
    }
  }
  return repackSubsets(entries);
}

function podAddress(pod: KubeObject, svc: KubeObject): EndpointAddress | undefined {
  const ip = podIPv4(pod);
  if (!ip) return undefined;
  const spec = specOf(pod);
  const address: EndpointAddress = { ip };
  if (shouldSetHostname(pod, svc)) address.hostname = String(spec.hostname);
  address.nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : '';
  address.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
  return address;
}

function endpointPort(svcPort: Record<string, unknown>, port: number): EndpointPort {
  const name = typeof svcPort.name === 'string' && svcPort.name !== '' ? { name: svcPort.name } : {};
  const appProtocol = typeof svcPort.appProtocol === 'string' ? { appProtocol: svcPort.appProtocol } : {};
  return { ...name, port, protocol: typeof svcPort.protocol === 'string' ? svcPort.protocol : 'TCP', ...appProtocol };
}

/**
 * endpoints.RepackSubsets: addresses offering the same ports (with the same
 * readiness) share a subset. An address ready on a port stays ready there even
 * if another entry says otherwise. Upstream orders subsets and ports by a hash;
 * here they are ordered by address and port number, which is as arbitrary but readable.
 */
export function repackSubsets(entries: RepackEntry[]): EndpointSubset[] {
  const addresses = new Map<string, EndpointAddress>();
  const byPort = new Map<string, { port?: EndpointPort; ready: Map<string, boolean> }>();
  for (const e of entries) {
    const addrKey = `${e.address.ip}|${e.address.targetRef?.uid ?? ''}`;
    if (!addresses.has(addrKey)) addresses.set(addrKey, e.address);
    const portKey = e.port ? JSON.stringify(e.port) : '';
    let slot = byPort.get(portKey);
    if (!slot) byPort.set(portKey, (slot = { port: e.port, ready: new Map() }));
    if (slot.ready.get(addrKey) !== true) slot.ready.set(addrKey, e.ready);
  }
  const groups = new Map<string, { ready: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const slot of byPort.values()) {
    const key = [...slot.ready].map(([k, r]) => `${k}:${String(r)}`).sort().join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ready: slot.ready, ports: [] }));
    if (slot.port) g.ports.push(slot.port);
  }
  const subsets = [...groups.values()].map((g) => {
    const ready = [...g.ready].filter(([, r]) => r).map(([k]) => addresses.get(k) as EndpointAddress);
    const notReady = [...g.ready].filter(([, r]) => !r).map(([k]) => addresses.get(k) as EndpointAddress);
    const subset: EndpointSubset = {};
    if (ready.length) subset.addresses = ready.sort(byAddress);
    if (notReady.length) subset.notReadyAddresses = notReady.sort(byAddress);
    if (g.ports.length) subset.ports = g.ports.sort((a, b) => a.port - b.port || (a.name ?? '').localeCompare(b.name ?? '') || a.protocol.localeCompare(b.protocol));
    return subset;
  });
  return subsets.sort((a, b) => subsetKey(a).localeCompare(subsetKey(b)));
}

/** LessEndpointAddress: byte order of the IP text, then the pod uid. */
function byAddress(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1;
  const ua = a.targetRef?.uid ?? '';
  const ub = b.targetRef?.uid ?? '';
  return ua < ub ? -1 : ua > ub ? 1 : 0;
}

function subsetKey(s: EndpointSubset): string {
  const first = s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return `${first?.ip ?? ''}|${JSON.stringify(s.ports ?? [])}`;
}

/**
 * truncateEndpoints: past 1000 addresses, keep ready ones first and share the
 * room among subsets in proportion; returns undefined when nothing is cut.
 */
export function truncateEndpoints(subsets: EndpointSubset[]): EndpointSubset[] | undefined {
  const totalReady = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
  const totalNotReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
  if (totalReady + totalNotReady <= ENDPOINTS_MAX_CAPACITY) return undefined;
  const truncateReady = totalReady > ENDPOINTS_MAX_CAPACITY;
  const max = truncateReady ? ENDPOINTS_MAX_CAPACITY : ENDPOINTS_MAX_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let room = max;
  return subsets.map((s) => {
    const inSubset = (truncateReady ? s.addresses : s.notReadyAddresses)?.length ?? 0;
    const toAdd = Math.min(Math.ceil((inSubset / numTotal) * max), room);
    if (truncateReady) {
      const addresses = (s.addresses ?? []).slice(0, toAdd);
      room -= addresses.length;
      return { ...s, addresses, notReadyAddresses: [] };
    }
    const notReadyAddresses = (s.notReadyAddresses ?? []).slice(0, toAdd);
    room -= notReadyAddresses.length;
    return { ...s, notReadyAddresses };
  });
}

/** How often the apiserver reconciles its own endpoints (--endpoint-reconciler-type=lease, 10 s). */
export const APISERVER_ENDPOINT_SYNC_MS = 10_000;
export const APISERVER_PORT = 6443;

/**
 * The apiserver's own upkeep of the `kubernetes` Service (its bootstrap
 * controller and endpoint reconciler, pkg/controlplane): the Service has no
 * selector, so the apiserver writes its Endpoints (labelled so the mirroring
 * controller leaves them alone) and an EndpointSlice named `kubernetes`, and
 * every 10 s puts back the Service, the Endpoints or the slice if someone
 * changed or deleted them.
 */
export class APIServerEndpointReconciler {
  private timer?: TimerId;

  constructor(
    private readonly api: ApiServer,
    private readonly clock: Clock,
    private readonly advertiseAddress: string,
  ) {}

  start(): this {
    this.sync();
    const tick = (): void => {
      this.sync();
      this.timer = this.clock.setTimer(APISERVER_ENDPOINT_SYNC_MS, tick, true);
    };
    this.timer = this.clock.setTimer(APISERVER_ENDPOINT_SYNC_MS, tick, true);
    return this;
  }

  stop(): void {
    if (this.timer !== undefined) this.clock.cancelTimer(this.timer);
  }

  sync(): void {
    if (!this.api.tryGet('services', 'kubernetes', 'default')) this.createService();
    const port = { name: 'https', port: APISERVER_PORT, protocol: 'TCP' };
    this.syncEndpoints(port);
    this.syncSlice(port);
  }

  private createService(): void {
    this.api.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
        spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: APISERVER_PORT }], sessionAffinity: 'None', type: 'ClusterIP' },
      },
      { trusted: true },
    );
  }

  private syncEndpoints(port: EndpointPort): void {
    const current = this.api.tryGet('endpoints', 'kubernetes', 'default');
    const labels = { [LABEL_SKIP_MIRROR]: 'true' };
    const subsets = [{ addresses: [{ ip: this.advertiseAddress }], ports: [port] }];
    if (current && deepEqual(current.subsets, subsets) && sameLabels(current.metadata.labels, labels)) return;
    const metadata = { ...(current?.metadata ?? { name: 'kubernetes', namespace: 'default' }), labels };
    const next = { ...(current ?? { apiVersion: 'v1', kind: 'Endpoints' }), metadata, subsets };
    if (current) this.api.update(next, { trusted: true });
    else this.api.create(next, { trusted: true });
  }

  private syncSlice(port: EndpointPort): void {
    const current = this.api.tryGet('endpointslices', 'kubernetes', 'default');
    const labels = { [LABEL_SERVICE_NAME]: 'kubernetes' };
    const endpoints = [{ addresses: [this.advertiseAddress], conditions: { ready: true } }];
    const ports = [port];
    if (current && current.addressType === 'IPv4' && deepEqual(current.endpoints, endpoints) && deepEqual(current.ports, ports) && sameLabels(current.metadata.labels, labels)) return;
    const metadata = { ...(current?.metadata ?? { name: 'kubernetes', namespace: 'default' }), labels };
    const next = { ...(current ?? { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }), metadata, addressType: 'IPv4', endpoints, ports };
    if (current) this.api.update(next, { trusted: true });
    else this.api.create(next, { trusted: true });
  }
}
