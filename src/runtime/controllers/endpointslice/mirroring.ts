// The EndpointSliceMirroring controller (pkg/controller/endpointslicemirroring):
// a Service without a selector gets its endpoints from an Endpoints object the
// user writes by hand (an external database, a VM outside the cluster). Since
// kube-proxy reads only EndpointSlices, this controller copies such Endpoints
// into slices — unless the Endpoints carry the skip-mirror label, as the
// apiserver's own `kubernetes` Endpoints do.
import type { ApiServer } from '../../api/apiserver';
import { isStatusError } from '../../api/errors';
import { asArray, isObject, type KubeObject } from '../../api/types';
import type { Clock } from '../../clock';
import { Controller, splitKey } from '../controller';
import { newControllerRef } from '../podutil';
import { endpointKey, planSlices, portsKey, type PortGroup, type SliceEndpoint, type SlicePort } from './reconciler';
import { ANNOTATION_TRIGGER_TIME, LABEL_MANAGED_BY, LABEL_SERVICE_NAME, LABEL_SKIP_MIRROR, serviceSelector } from './util';

export const MIRRORING_CONTROLLER_NAME = 'endpointslicemirroring-controller.k8s.io';
/** --mirroring-max-endpoints-per-subset default: addresses past this are not mirrored. */
export const MAX_MIRRORED_PER_SUBSET = 1000;

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export class EndpointSliceMirroringController extends Controller {
  readonly name = 'endpointslice-mirroring-controller';

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
  }

  start(): this {
    this.watch('endpoints');
    this.watch('services');
    this.watch('endpointslices', (slice) => {
      const svc = slice.metadata.labels?.[LABEL_SERVICE_NAME];
      return svc && slice.metadata.labels?.[LABEL_MANAGED_BY] === MIRRORING_CONTROLLER_NAME ? `${slice.metadata.namespace ?? ''}/${svc}` : undefined;
    });
    return this;
  }

  protected reconcile(key: string): void {
    const { namespace = 'default', name } = splitKey(key);
    const svc = this.api.tryGet('services', name, namespace);
    const ep = this.api.tryGet('endpoints', name, namespace);
    const existing = this.api.list('endpointslices', {
      namespace,
      labelSelector: `${LABEL_SERVICE_NAME}=${name},${LABEL_MANAGED_BY}=${MIRRORING_CONTROLLER_NAME}`,
    }).items;
    const desired = svc && ep && !serviceSelector(svc) && ep.metadata.labels?.[LABEL_SKIP_MIRROR] !== 'true' ? mirroredGroups(ep) : new Map<string, PortGroup>();
    // Nothing to mirror (no Service, a selector, skip-mirror, or no addresses): no slices, not even a placeholder.
    if (!svc || !ep || desired.size === 0) {
      for (const s of existing) this.quietly(() => this.api.delete('endpointslices', s.metadata.name ?? '', { namespace }));
      return;
    }
    const labels = mirroredLabels(ep);
    const annotations = mirroredAnnotations(ep);
    const plan = planSlices({
      existing,
      desired,
      labels,
      annotations,
      ownerUid: svc.metadata.uid ?? '',
      maxEndpoints: MAX_MIRRORED_PER_SUBSET,
      newSlice: (ports) => ({
        apiVersion: 'discovery.k8s.io/v1',
        kind: 'EndpointSlice',
        metadata: { generateName: `${name}-`, namespace, labels, annotations, ownerReferences: [newControllerRef(svc)] },
        addressType: 'IPv4',
        endpoints: null,
        ports: ports && ports.length ? ports : null,
      }),
    });
    for (const s of plan.create) this.quietly(() => this.api.create(s, { trusted: true }));
    for (const s of plan.update) this.quietly(() => this.api.update(s, { trusted: true }));
    for (const s of plan.delete) this.quietly(() => this.api.delete('endpointslices', s.metadata.name ?? '', { namespace }));
  }

  private quietly(fn: () => unknown): void {
    try {
      fn();
    } catch (e) {
      if (isStatusError(e) && (e.reason === 'NotFound' || e.reason === 'Forbidden')) return;
      throw e;
    }
  }
}

function mirroredLabels(ep: KubeObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.labels ?? {})) if (k !== LABEL_MANAGED_BY && k !== LABEL_SERVICE_NAME) labels[k] = v;
  labels[LABEL_SERVICE_NAME] = ep.metadata.name ?? '';
  labels[LABEL_MANAGED_BY] = MIRRORING_CONTROLLER_NAME;
  return labels;
}

function mirroredAnnotations(ep: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(ep.metadata.annotations ?? {})) if (k !== ANNOTATION_TRIGGER_TIME && k !== LAST_APPLIED) out[k] = v;
  return out;
}

/** Each subset's addresses (ready) and notReadyAddresses, grouped by the subset's ports. */
function mirroredGroups(ep: KubeObject): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  for (const subset of asArray(ep.subsets).filter(isObject)) {
    const ports: SlicePort[] = asArray(subset.ports)
      .filter(isObject)
      .map((p) => ({ name: typeof p.name === 'string' ? p.name : '', port: Number(p.port), protocol: typeof p.protocol === 'string' ? p.protocol : 'TCP', ...(typeof p.appProtocol === 'string' ? { appProtocol: p.appProtocol } : {}) }));
    const key = portsKey(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, endpoints: new Map() }));
    let budget = MAX_MIRRORED_PER_SUBSET;
    for (const [list, ready] of [[subset.addresses, true], [subset.notReadyAddresses, false]] as const) {
      for (const a of asArray(list).filter(isObject)) {
        if (budget-- <= 0) break;
        const e = addressToEndpoint(a, ready);
        if (e) g.endpoints.set(endpointKey(e), e);
      }
    }
  }
  return groups;
}

function addressToEndpoint(a: Record<string, unknown>, ready: boolean): SliceEndpoint | undefined {
  if (typeof a.ip !== 'string' || !/^\d+\.\d+\.\d+\.\d+$/.test(a.ip)) return undefined;
  const ep: SliceEndpoint = { addresses: [a.ip], conditions: { ready } };
  if (typeof a.hostname === 'string' && a.hostname !== '') ep.hostname = a.hostname;
  if (isObject(a.targetRef)) ep.targetRef = a.targetRef;
  if (typeof a.nodeName === 'string') ep.nodeName = a.nodeName;
  return ep;
}
