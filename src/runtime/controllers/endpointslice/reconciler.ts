// The EndpointSlice reconciler's packing rules (k8s.io/endpointslice
// reconciler.go), shared by the EndpointSlice and mirroring controllers. It
// turns "these endpoints, grouped by port set" plus "the slices that exist"
// into creates, updates and deletes that move as few endpoints as possible:
// endpoints stay in the slice they are in; new ones first fill slices that are
// being rewritten anyway, then the unchanged slice they fit best, and only
// then a new slice.
import { deepEqual } from '../../api/patch';
import { asArray, isObject, type KubeObject } from '../../api/types';

export type SliceEndpoint = Record<string, unknown>;

export interface SlicePort {
  name: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** Desired endpoints sharing one port set (the pods resolved the Service ports to the same numbers). */
export interface PortGroup {
  ports: SlicePort[];
  /** Keyed by endpointKey, in the order new slices should list them. */
  endpoints: Map<string, SliceEndpoint>;
}

export interface SlicePlan {
  create: KubeObject[];
  update: KubeObject[];
  delete: KubeObject[];
}

export interface PlanInput {
  /** The slices this controller manages for the Service (any owner). */
  existing: KubeObject[];
  /** Groups keyed by portsKey(group.ports). */
  desired: Map<string, PortGroup>;
  labels: Record<string, string>;
  /** Annotations every slice must carry (the mirroring controller copies the Endpoints'). */
  annotations?: Record<string, string>;
  ownerUid: string;
  maxEndpoints: number;
  /** A fresh slice object for a port set (generateName, labels, owner, addressType). */
  newSlice(ports: SlicePort[] | null): KubeObject;
}

/** An endpoint's identity inside a slice: its addresses, hostname and the pod it stands for (hashEndpoint). */
export function endpointKey(ep: SliceEndpoint): string {
  const ref = isObject(ep.targetRef) ? `${str(ep.targetRef.namespace)}/${str(ep.targetRef.name)}` : '';
  return `${asArray(ep.addresses).map(String).join(',')}|${typeof ep.hostname === 'string' ? ep.hostname : ''}|${ref}`;
}

/** The port set a slice serves, order included (NewPortMapKey). */
export function portsKey(ports: unknown): string {
  return JSON.stringify(
    asArray(ports)
      .filter(isObject)
      .map((p) => [p.name ?? '', p.port, p.protocol ?? 'TCP', p.appProtocol ?? '']),
  );
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function ownedBy(slice: KubeObject, uid: string): boolean {
  return (slice.metadata.ownerReferences ?? []).some((r) => r.uid === uid && r.kind === 'Service');
}

function endpointsOf(slice: KubeObject): SliceEndpoint[] {
  return asArray(slice.endpoints).filter(isObject);
}

export function planSlices(input: PlanInput): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, KubeObject[]>();
  for (const slice of input.existing) {
    if (!ownedBy(slice, input.ownerUid) || slice.addressType !== 'IPv4') {
      plan.delete.push(slice);
      continue;
    }
    const key = portsKey(slice.ports);
    byPorts.set(key, [...(byPorts.get(key) ?? []), slice]);
  }
  for (const [key, group] of input.desired) {
    const part = planPortGroup(group, byPorts.get(key) ?? [], input);
    byPorts.delete(key);
    plan.create.push(...part.create);
    plan.update.push(...part.update);
    plan.delete.push(...part.delete);
  }
  // Slices for port sets no longer wanted go.
  for (const slices of byPorts.values()) plan.delete.push(...slices);
  keepPlaceholder(plan, input);
  return reuseDeletedNames(plan, input.ownerUid);
}

function planPortGroup(group: PortGroup, existing: KubeObject[], input: PlanInput): SlicePlan {
  const desired = new Map(group.endpoints);
  const toUpdate: KubeObject[] = [];
  const unchanged: KubeObject[] = [];
  const toDelete: KubeObject[] = [];
  // 1. Keep each existing endpoint where it is (in its desired form); drop the unwanted.
  for (const slice of existing) {
    const kept: SliceEndpoint[] = [];
    let changed = false;
    for (const ep of endpointsOf(slice)) {
      const key = endpointKey(ep);
      const want = desired.get(key);
      if (!want) continue;
      if (!deepEqual(want, ep)) changed = true;
      kept.push(want);
      desired.delete(key);
    }
    const removed = kept.length !== endpointsOf(slice).length;
    const metaChanged = !deepEqual(slice.metadata.labels ?? {}, input.labels) || (input.annotations !== undefined && !deepEqual(slice.metadata.annotations ?? {}, input.annotations));
    if ((changed || removed) && kept.length === 0) toDelete.push(slice);
    else if (changed || removed || metaChanged) toUpdate.push({ ...slice, metadata: withMeta(slice, input), endpoints: kept });
    else unchanged.push(slice);
  }
  // 2. Fill the slices being rewritten anyway, fullest first.
  toUpdate.sort((a, b) => endpointsOf(b).length - endpointsOf(a).length);
  for (const slice of toUpdate) fill(slice, desired, input.maxEndpoints);
  // 3. The rest go into the unchanged slice they fit best, else into new slices.
  const toCreate: KubeObject[] = [];
  while (desired.size > 0) {
    let target = desired.size < input.maxEndpoints ? bestFit(unchanged, desired.size, input.maxEndpoints) : undefined;
    if (target) {
      unchanged.splice(unchanged.indexOf(target), 1);
      target = { ...target, endpoints: [...endpointsOf(target)] };
      toUpdate.push(target);
    } else {
      target = { ...input.newSlice(group.ports), endpoints: [] };
      toCreate.push(target);
    }
    fill(target, desired, input.maxEndpoints);
  }
  return { create: toCreate, update: toUpdate, delete: toDelete };
}

function withMeta(slice: KubeObject, input: PlanInput): KubeObject['metadata'] {
  return { ...slice.metadata, labels: input.labels, ...(input.annotations !== undefined ? { annotations: input.annotations } : {}) };
}

function fill(slice: KubeObject, desired: Map<string, SliceEndpoint>, max: number): void {
  const eps = endpointsOf(slice);
  for (const [key, ep] of desired) {
    if (eps.length >= max) break;
    eps.push(ep);
    desired.delete(key);
  }
  slice.endpoints = eps;
}

/** getSliceToFill: the unchanged slice left closest to full after taking `n` more. */
function bestFit(slices: KubeObject[], n: number, max: number): KubeObject | undefined {
  let best: KubeObject | undefined;
  let closest = max;
  for (const s of slices) {
    const diff = max - (n + endpointsOf(s).length);
    if (diff >= 0 && diff < closest) {
      closest = diff;
      best = s;
      if (diff === 0) break;
    }
  }
  return best;
}

/**
 * A Service with nothing to list still gets one empty slice (endpoints and
 * ports null), so consumers can tell "no endpoints" from "not synced yet".
 */
function keepPlaceholder(plan: SlicePlan, input: PlanInput): void {
  if (input.existing.length !== plan.delete.length || plan.create.length > 0) return;
  const placeholder = input.newSlice(null);
  const only = plan.delete.length === 1 ? plan.delete[0] : undefined;
  const same =
    only !== undefined &&
    ownedBy(only, input.ownerUid) &&
    asArray(only.endpoints).length === 0 &&
    asArray(only.ports).length === 0 &&
    only.addressType === placeholder.addressType &&
    deepEqual(only.metadata.labels ?? {}, placeholder.metadata.labels ?? {});
  if (same) plan.delete = [];
  else plan.create.push(placeholder);
}

/** finalize: a slice about to be deleted is rewritten in place of one about to be created. */
function reuseDeletedNames(plan: SlicePlan, ownerUid: string): SlicePlan {
  const remaining: KubeObject[] = [];
  for (const old of plan.delete) {
    const fresh = plan.create.length ? plan.create[plan.create.length - 1] : undefined;
    if (fresh && old.addressType === fresh.addressType && ownedBy(old, ownerUid)) {
      plan.create.pop();
      plan.update.push({ ...fresh, metadata: { ...fresh.metadata, name: old.metadata.name, generateName: old.metadata.generateName } });
    } else remaining.push(old);
  }
  plan.delete = remaining;
  return plan;
}
