// A simulated load-balancer provider behind the cloud service controller
// (k8s.io/cloud-provider/controllers/service): the part NSX, an F5 or MetalLB
// plays for a vSphere cluster. A `type: LoadBalancer` Service gets the cleanup
// finalizer, a virtual-server address from a pool on the node network after a
// few simulated seconds (until then EXTERNAL-IP shows `<pending>`), and the
// address goes back to the pool when the Service is deleted or changes type.
import type { ApiServer } from '../api/apiserver';
import { isStatusError } from '../api/errors';
import { intToIp, ipToInt } from '../api/allocators/ipv4';
import { deepEqual } from '../api/patch';
import { asArray, isObject, type KubeObject, type ObjectMeta } from '../api/types';
import type { Clock, TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { Controller, namespacedKey, splitKey } from './controller';

/** VIPs on the node network, as an NSX or F5 virtual server would take. */
export const DEFAULT_LB_POOL = '10.140.0.200-10.140.0.239';
/** How long the simulated provider takes to program a virtual server. */
export const LB_PROVISION_DELAY_MS = 3_000;
/** servicecontroller's retry rate limiter: 5 s doubling to 5 min. */
const MIN_RETRY_MS = 5_000;
const MAX_RETRY_MS = 300_000;

export const LB_CLEANUP_FINALIZER = 'service.kubernetes.io/load-balancer-cleanup';

export interface AddressPool {
  first: number;
  last: number;
  text: string;
}

/** `a.b.c.d-e.f.g.h`, a CIDR, or one address. */
export function parsePool(text: string): AddressPool {
  const t = text.trim();
  const range = /^([\d.]+)\s*-\s*([\d.]+)$/.exec(t);
  if (range) {
    const first = ipToInt(range[1]);
    const last = ipToInt(range[2]);
    if (first !== undefined && last !== undefined && first <= last) return { first, last, text: `${range[1]}-${range[2]}` };
  }
  const cidr = /^([\d.]+)\/(\d+)$/.exec(t);
  if (cidr && Number(cidr[2]) <= 32) {
    const base = ipToInt(cidr[1]);
    const size = 2 ** (32 - Number(cidr[2]));
    if (base !== undefined) return { first: base - (base % size), last: base - (base % size) + size - 1, text: t };
  }
  const one = ipToInt(t);
  if (one !== undefined) return { first: one, last: one, text: t };
  throw new Error(`invalid load balancer pool ${JSON.stringify(text)}: want a.b.c.d-e.f.g.h, a CIDR or an address`);
}

interface Balancer {
  ip: string;
  /** The Service fields last programmed, to notice changes that need a re-sync (needsUpdate). */
  config: unknown;
}

export class ServiceLBController extends Controller {
  readonly name = 'service-controller';
  readonly pool: AddressPool;
  private readonly recorder: EventRecorder;
  /** The provider's state: one virtual server per Service key. */
  private readonly balancers = new Map<string, Balancer>();
  private readonly pending = new Map<string, TimerId>();
  private readonly retries = new Map<string, number>();

  constructor(
    api: ApiServer,
    clock: Clock,
    pool: string = DEFAULT_LB_POOL,
    private readonly provisionDelayMs = LB_PROVISION_DELAY_MS,
  ) {
    super(api, clock);
    this.pool = parsePool(pool);
    this.recorder = new EventRecorder(api, { component: 'service-controller' });
  }

  start(): this {
    this.watch('services', (svc) => namespacedKey(svc));
    return this;
  }

  override stop(): void {
    super.stop();
    for (const t of this.pending.values()) this.clock.cancelTimer(t);
    this.pending.clear();
  }

  protected reconcile(key: string): void {
    const { namespace = 'default', name } = splitKey(key);
    const svc = this.api.tryGet('services', name, namespace);
    if (!svc) {
      // Deleted without the finalizer (forced): the provider still frees the address.
      this.forget(key);
      return;
    }
    if (!wantsLoadBalancer(svc) || needsCleanup(svc)) {
      this.cleanup(key, svc);
      return;
    }
    const balancer = this.balancers.get(key);
    if (this.pending.has(key)) return;
    if (balancer && deepEqual(balancer.config, lbConfig(svc)) && ingressIPs(svc).includes(balancer.ip)) return;
    this.recorder.event(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer');
    // The finalizer goes on before anything is built, so the Service cannot vanish first.
    this.addFinalizer(svc);
    this.pending.set(key, this.clock.setTimer(balancer ? 0 : this.provisionDelayMs, () => this.ensure(key)));
  }

  /** EnsureLoadBalancer finished: the virtual server answers on its address. */
  private ensure(key: string): void {
    this.pending.delete(key);
    const { namespace = 'default', name } = splitKey(key);
    const svc = this.api.tryGet('services', name, namespace);
    if (!svc || !wantsLoadBalancer(svc) || needsCleanup(svc)) {
      this.enqueue(key);
      return;
    }
    const result = this.assign(key, svc);
    if ('error' in result) {
      this.recorder.event(svc, 'Warning', 'SyncLoadBalancerFailed', `Error syncing load balancer: failed to ensure load balancer: ${result.error}`);
      const n = (this.retries.get(key) ?? 0) + 1;
      this.retries.set(key, n);
      // Background: a pool that stays full must not keep settle() busy for ever.
      this.clock.setTimer(Math.min(MIN_RETRY_MS * 2 ** (n - 1), MAX_RETRY_MS), () => this.enqueue(key), true);
      return;
    }
    this.retries.delete(key);
    this.balancers.set(key, { ip: result.ip, config: lbConfig(svc) });
    this.recorder.event(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer');
    this.patchStatus(svc, { ingress: [{ ip: result.ip, ipMode: 'VIP' }] });
  }

  private assign(key: string, svc: KubeObject): { ip: string } | { error: string } {
    const held = this.balancers.get(key)?.ip;
    const requested = typeof spec(svc).loadBalancerIP === 'string' && spec(svc).loadBalancerIP !== '' ? String(spec(svc).loadBalancerIP) : undefined;
    const inUse = new Set([...this.balancers].filter(([k]) => k !== key).map(([, b]) => b.ip));
    if (requested) {
      const n = ipToInt(requested);
      if (n === undefined || n < this.pool.first || n > this.pool.last) return { error: `requested IP ${requested} is not in the address pool ${this.pool.text}` };
      if (inUse.has(requested)) return { error: `requested IP ${requested} is already in use by another load balancer` };
      return { ip: requested };
    }
    if (held) return { ip: held };
    for (let n = this.pool.first; n <= this.pool.last; n++) {
      const ip = intToIp(n);
      if (!inUse.has(ip)) return { ip };
    }
    return { error: `no available IPs in the address pool ${this.pool.text}` };
  }

  /** The Service no longer wants a load balancer (or is being deleted): free it, drop the finalizer. */
  private cleanup(key: string, svc: KubeObject): void {
    const timer = this.pending.get(key);
    if (timer !== undefined) this.clock.cancelTimer(timer);
    this.pending.delete(key);
    this.retries.delete(key);
    const hadFinalizer = (svc.metadata.finalizers ?? []).includes(LB_CLEANUP_FINALIZER);
    const existed = this.balancers.has(key);
    if (!hadFinalizer && !existed) return;
    if (existed) this.recorder.event(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer');
    this.balancers.delete(key);
    const updated = this.removeFinalizer(svc);
    this.recorder.event(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer');
    if (updated) this.patchStatus(updated, {});
  }

  private forget(key: string): void {
    const timer = this.pending.get(key);
    if (timer !== undefined) this.clock.cancelTimer(timer);
    this.pending.delete(key);
    this.retries.delete(key);
    this.balancers.delete(key);
  }

  private addFinalizer(svc: KubeObject): void {
    const finalizers = svc.metadata.finalizers ?? [];
    if (finalizers.includes(LB_CLEANUP_FINALIZER)) return;
    this.api.update({ ...svc, metadata: { ...svc.metadata, finalizers: [...finalizers, LB_CLEANUP_FINALIZER] } }, { trusted: true });
  }

  /** Returns the Service as it stands afterwards, or undefined once it is gone. */
  private removeFinalizer(svc: KubeObject): KubeObject | undefined {
    const finalizers = svc.metadata.finalizers ?? [];
    if (!finalizers.includes(LB_CLEANUP_FINALIZER)) return svc;
    const metadata: ObjectMeta = { ...svc.metadata, finalizers: finalizers.filter((f) => f !== LB_CLEANUP_FINALIZER) };
    if (metadata.finalizers?.length === 0) delete metadata.finalizers;
    const next = this.api.update({ ...svc, metadata }, { trusted: true });
    return this.api.tryGet('services', next.metadata.name ?? '', next.metadata.namespace);
  }

  private patchStatus(svc: KubeObject, loadBalancer: Record<string, unknown>): void {
    const current = this.api.tryGet('services', svc.metadata.name ?? '', svc.metadata.namespace);
    if (!current) return;
    const status = isObject(current.status) ? current.status : {};
    if (deepEqual(status.loadBalancer ?? {}, loadBalancer)) return;
    try {
      this.api.updateStatus({ ...current, status: { ...status, loadBalancer } }, { trusted: true });
    } catch (e) {
      // The Service may vanish right after its finalizer goes (as upstream ignores NotFound here).
      if (!(isStatusError(e) && e.reason === 'NotFound')) throw e;
    }
  }
}

function spec(svc: KubeObject): Record<string, unknown> {
  return isObject(svc.spec) ? svc.spec : {};
}

/** wantsLoadBalancer: type LoadBalancer without a loadBalancerClass (another implementation's). */
export function wantsLoadBalancer(svc: KubeObject): boolean {
  const s = spec(svc);
  return s.type === 'LoadBalancer' && (s.loadBalancerClass === undefined || s.loadBalancerClass === null) && !svc.metadata.deletionTimestamp;
}

function needsCleanup(svc: KubeObject): boolean {
  return (svc.metadata.finalizers ?? []).includes(LB_CLEANUP_FINALIZER) && (!!svc.metadata.deletionTimestamp || spec(svc).type !== 'LoadBalancer');
}

/** The fields whose change makes the controller program the balancer again (needsUpdate). */
function lbConfig(svc: KubeObject): unknown {
  const s = spec(svc);
  return {
    ports: asArray(s.ports),
    sessionAffinity: s.sessionAffinity,
    sessionAffinityConfig: s.sessionAffinityConfig,
    loadBalancerIP: s.loadBalancerIP,
    loadBalancerSourceRanges: s.loadBalancerSourceRanges,
    externalIPs: s.externalIPs,
    externalTrafficPolicy: s.externalTrafficPolicy,
    healthCheckNodePort: s.healthCheckNodePort,
    annotations: svc.metadata.annotations ?? {},
    uid: svc.metadata.uid,
  };
}

function ingressIPs(svc: KubeObject): string[] {
  const status = isObject(svc.status) && isObject(svc.status.loadBalancer) ? svc.status.loadBalancer : {};
  return asArray(status.ingress)
    .filter(isObject)
    .map((i) => String(i.ip));
}
