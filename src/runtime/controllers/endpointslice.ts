// The EndpointSlice controller (pkg/controller/endpointslice): for every
// Service with a selector, discovery.k8s.io/v1 EndpointSlices listing the
// selected pods — at most 100 per slice, one set of slices per distinct port
// mapping — each endpoint with its ready / serving / terminating conditions,
// node, zone and pod. kube-proxy and CoreDNS read these, not Endpoints.
import type { ApiServer } from '../api/apiserver';
import { isStatusError } from '../api/errors';
import type { KubeObject } from '../api/types';
import { toRFC3339, type Clock } from '../clock';
import { Controller, splitKey } from './controller';
import { endpointKey, planSlices, portsKey, type PortGroup, type SliceEndpoint, type SlicePort } from './endpointslice/reconciler';
import {
  ANNOTATION_TRIGGER_TIME,
  LABEL_HEADLESS,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  PodServiceIndex,
  TriggerTimeTracker,
  findPort,
  isServiceIPSet,
  podIPv4,
  selectedPods,
  serviceSelector,
  servicePorts,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  specOf,
} from './endpointslice/util';
import { isPodReady, newControllerRef } from './podutil';

export const ENDPOINTSLICE_CONTROLLER_NAME = 'endpointslice-controller.k8s.io';
/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

const LABEL_ZONE = 'topology.kubernetes.io/zone';

export class EndpointSliceController extends Controller {
  readonly name = 'endpointslice-controller';
  private readonly members: PodServiceIndex;
  private readonly triggers = new TriggerTimeTracker();
  /** Revisions this controller wrote itself, so their watch events do not trigger a sync. */
  private readonly ownWrites = new Set<string>();

  constructor(
    api: ApiServer,
    clock: Clock,
    private readonly maxEndpointsPerSlice = MAX_ENDPOINTS_PER_SLICE,
  ) {
    super(api, clock);
    this.members = new PodServiceIndex(api, clock);
  }

  start(): this {
    this.watch('services');
    this.members.start((keys) => keys.forEach((k) => this.enqueue(k)));
    // Someone else editing or deleting a managed slice gets it put back; the
    // controller's own writes come back too and are recognised (endpointSliceTracker).
    this.watch('endpointslices', (slice) => {
      const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
      if (!svc || slice.metadata.labels?.[LABEL_MANAGED_BY] !== ENDPOINTSLICE_CONTROLLER_NAME) return undefined;
      if (this.ownWrites.delete(revisionKey(slice))) return undefined;
      return `${slice.metadata.namespace ?? ''}/${svc}`;
    });
    return this;
  }

  override stop(): void {
    super.stop();
    this.members.stop();
  }

  protected reconcile(key: string): void {
    const { namespace = 'default', name } = splitKey(key);
    const svc = this.api.tryGet('services', name, namespace);
    if (!svc) {
      // Slices carry an ownerReference to the Service: the garbage collector removes them.
      this.triggers.delete(key);
      return;
    }
    if (specOf(svc).type === 'ExternalName') return;
    const selector = serviceSelector(svc);
    if (!selector) return;
    const pods = selectedPods(this.api, svc, selector);
    const trigger = this.triggers.compute(key, svc, pods);
    const labels = sliceLabels(svc);
    const plan = planSlices({
      existing: this.managedSlices(svc),
      desired: desiredGroups(this.api, svc, pods),
      labels,
      ownerUid: svc.metadata.uid ?? '',
      maxEndpoints: this.maxEndpointsPerSlice,
      newSlice: (ports) => newSlice(svc, labels, ports),
    });
    const stamp = (slice: KubeObject): KubeObject => withTriggerTime(slice, trigger);
    // No new slices for a Service being deleted: the garbage collector would race them.
    if (!svc.metadata.deletionTimestamp) for (const s of plan.create) this.write(() => this.api.create(stamp(s), { trusted: true }));
    for (const s of plan.update) this.write(() => this.api.update(stamp(s), { trusted: true }));
    for (const s of plan.delete) this.write(() => this.api.delete('endpointslices', s.metadata.name ?? '', { namespace }));
  }

  private write(fn: () => KubeObject): void {
    try {
      // Bounded: a write that changed nothing echoes no event to consume its entry.
      if (this.ownWrites.size > 10_000) this.ownWrites.clear();
      this.ownWrites.add(revisionKey(fn()));
    } catch (e) {
      // A namespace being torn down refuses new slices; a slice already gone needs nothing.
      if (isStatusError(e) && (e.reason === 'NotFound' || (e.reason === 'Forbidden' && e.message.includes('being terminated')))) return;
      throw e;
    }
  }

  private managedSlices(svc: KubeObject): KubeObject[] {
    return this.api.list('endpointslices', {
      namespace: svc.metadata.namespace,
      labelSelector: `${LABEL_SERVICE_NAME}=${svc.metadata.name ?? ''},${LABEL_MANAGED_BY}=${ENDPOINTSLICE_CONTROLLER_NAME}`,
    }).items;
  }
}

function revisionKey(slice: KubeObject): string {
  return `${slice.metadata.namespace ?? ''}/${slice.metadata.name ?? ''}@${slice.metadata.resourceVersion ?? ''}`;
}

/** The Service's labels (minus reserved keys) plus the controller's. */
export function sliceLabels(svc: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {})) {
    if (k !== LABEL_SERVICE_NAME && k !== LABEL_MANAGED_BY && k !== LABEL_HEADLESS) labels[k] = v;
  }
  if (!isServiceIPSet(svc)) labels[LABEL_HEADLESS] = '';
  labels[LABEL_SERVICE_NAME] = svc.metadata.name ?? '';
  labels[LABEL_MANAGED_BY] = ENDPOINTSLICE_CONTROLLER_NAME;
  return labels;
}

export function newSlice(svc: KubeObject, labels: Record<string, string>, ports: SlicePort[] | null): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: slicePrefix(svc.metadata.name ?? ''),
      namespace: svc.metadata.namespace,
      labels,
      ownerReferences: [newControllerRef(svc)],
    },
    addressType: 'IPv4',
    // Empty lists are stored as none: the API shows `endpoints: null` / `ports: null`.
    endpoints: null,
    ports: ports && ports.length ? ports : null,
  };
}

/** getEndpointSlicePrefix: `<service>-`, unless that is not a valid generateName. */
function slicePrefix(name: string): string {
  const prefix = `${name}-`;
  return prefix.length <= 58 && /^[a-z0-9]([-a-z0-9.]*)?-$/.test(prefix) ? prefix : 'slice-';
}

function withTriggerTime(slice: KubeObject, trigger: number | undefined): KubeObject {
  const annotations = { ...(slice.metadata.annotations ?? {}) };
  if (trigger !== undefined) annotations[ANNOTATION_TRIGGER_TIME] = toRFC3339(trigger);
  else delete annotations[ANNOTATION_TRIGGER_TIME];
  const endpoints = Array.isArray(slice.endpoints) && slice.endpoints.length === 0 ? null : slice.endpoints;
  return { ...slice, metadata: { ...slice.metadata, annotations }, endpoints };
}

/** The selected pods as endpoints, grouped by the port numbers the Service ports resolve to on each. */
function desiredGroups(api: ApiServer, svc: KubeObject, pods: KubeObject[]): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  const zones = new Map<string, string | undefined>();
  const zoneOf = (node: string): string | undefined => {
    if (!zones.has(node)) zones.set(node, api.tryGet('nodes', node)?.metadata.labels?.[LABEL_ZONE]);
    return zones.get(node);
  };
  // Numeric target ports resolve the same on every pod: work them out once.
  const uniform = servicePorts(svc).every((p) => typeof (p.targetPort ?? p.port) === 'number');
  const shared = uniform ? endpointPorts(svc, undefined) : undefined;
  const sharedKey = shared ? portsKey(shared) : '';
  for (const pod of pods) {
    // Terminating pods stay listed, flagged, so kube-proxy can drain them.
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ep = podToEndpoint(pod, svc, zoneOf);
    if (!ep) continue;
    const ports = shared ?? endpointPorts(svc, pod);
    const key = shared ? sharedKey : portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    g.endpoints.set(endpointKey(ep), ep);
  }
  return groups;
}

function endpointPorts(svc: KubeObject, pod: KubeObject | undefined): SlicePort[] {
  const out: SlicePort[] = [];
  for (const p of servicePorts(svc)) {
    const port = pod ? findPort(pod, p) : Number(p.targetPort ?? p.port);
    if (port === undefined) continue;
    const ep: SlicePort = { name: typeof p.name === 'string' ? p.name : '', port, protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP' };
    if (typeof p.appProtocol === 'string') ep.appProtocol = p.appProtocol;
    out.push(ep);
  }
  return out;
}

/** podToEndpoint: ready means serving and not terminating (or publishNotReadyAddresses). */
export function podToEndpoint(pod: KubeObject, svc: KubeObject, zoneOf: (node: string) => string | undefined): SliceEndpoint | undefined {
  const ip = podIPv4(pod);
  if (!ip) return undefined;
  const spec = specOf(pod);
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = specOf(svc).publishNotReadyAddresses === true || (serving && !terminating);
  const ep: SliceEndpoint = { addresses: [ip], conditions: { ready, serving, terminating } };
  if (shouldSetHostname(pod, svc)) ep.hostname = spec.hostname;
  ep.targetRef = { kind: 'Pod', namespace: pod.metadata.namespace ?? '', name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' };
  const node = typeof spec.nodeName === 'string' && spec.nodeName !== '' ? spec.nodeName : undefined;
  if (node) ep.nodeName = node;
  const zone = node ? zoneOf(node) : undefined;
  if (zone) ep.zone = zone;
  const hints = trafficHints(specOf(svc).trafficDistribution, node, zone);
  if (hints) ep.hints = hints;
  return ep;
}

/** trafficDistribution: PreferClose / PreferSameZone hint the endpoint's zone; PreferSameNode its node too. */
function trafficHints(distribution: unknown, node: string | undefined, zone: string | undefined): Record<string, unknown> | undefined {
  if (!zone) return undefined;
  if (distribution === 'PreferClose' || distribution === 'PreferSameZone') return { forZones: [{ name: zone }] };
  if (distribution === 'PreferSameNode' && node) return { forNodes: [{ name: node }], forZones: [{ name: zone }] };
  return undefined;
}
