// The deployment controller (deployment_controller.go syncDeployment). A
// Deployment never touches pods itself: it owns ReplicaSets, one per pod
// template revision, and moves replicas between them according to its
// strategy. It wakes up when its Deployment or one of its ReplicaSets changes
// (the sets' status carries pod readiness), and for Recreate when a pod is gone.
import type { ApiServer } from '../../api/apiserver';
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import { deepClone, field, isObject, type KubeObject } from '../../api/types';
import type { Clock, TimerId } from '../../clock';
import { EventRecorder } from '../../events/recorder';
import { Controller, namespacedKey, splitKey } from '../controller';
import { controllerRef } from '../podutil';
import { claim } from '../replicaset/refmanager';
import type { DeploymentContext } from './context';
import { rolloutRecreate, type PodMap } from './recreate';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync';
import { strategyType, type Deployment } from './util';

const BY_NAMESPACE = 'deployment-controller:deploymentsByNamespace';
const ORPHAN_RS = 'deployment-controller:orphanReplicaSetsByNamespace';

export class DeploymentController extends Controller {
  readonly name = 'deployment-controller';
  private readonly ctx: DeploymentContext;
  private readonly requeues = new Map<string, TimerId>();

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock);
    this.ctx = {
      api,
      clock,
      recorder: new EventRecorder(api, { component: 'deployment-controller' }),
      requeueAfter: (d, ms) => this.requeueAfter(namespacedKey(d), ms),
    };
    api.store.addIndex(BY_NAMESPACE, 'apps/deployments', (o) => o.metadata.namespace);
    api.store.addIndex(ORPHAN_RS, 'apps/replicasets', (o) => (controllerRef(o) ? undefined : o.metadata.namespace));
  }

  start(): this {
    this.watch('deployments');
    this.watch('replicasets', (rs) => this.deploymentsFor(rs));
    // Only a pod that is gone can release a Recreate rollout; other pod changes are dropped at write time.
    this.watch('pods', (pod) => this.recreateWaitingOn(pod), (_pod, type) => type === 'DELETED');
    return this;
  }

  /** A set wakes its owner; an orphan set wakes every deployment that might adopt it. */
  private deploymentsFor(rs: KubeObject): string | string[] | undefined {
    const ns = rs.metadata.namespace ?? 'default';
    const ref = controllerRef(rs);
    if (ref) return ref.kind === 'Deployment' ? `${ns}/${ref.name}` : undefined;
    return this.api.store
      .byIndex(BY_NAMESPACE, ns)
      .filter((d) => matchesLabels(fromLabelSelector(field(d, 'spec', 'selector')), rs.metadata.labels))
      .map(namespacedKey);
  }

  /** Only a Recreate rollout waits on pods: a pod that is gone may have been the last old one. */
  private recreateWaitingOn(pod: KubeObject): string | undefined {
    const ns = pod.metadata.namespace ?? 'default';
    const current = this.api.tryGet('pods', pod.metadata.name ?? '', ns);
    if (current && current.metadata.uid === pod.metadata.uid) return undefined;
    const rsRef = controllerRef(pod);
    if (rsRef?.kind !== 'ReplicaSet') return undefined;
    const rs = this.api.tryGet('replicasets', rsRef.name, ns);
    const dRef = rs ? controllerRef(rs) : undefined;
    if (dRef?.kind !== 'Deployment') return undefined;
    const d = this.api.tryGet('deployments', dRef.name, ns);
    return d && field(d, 'spec', 'strategy', 'type') === 'Recreate' ? `${ns}/${dRef.name}` : undefined;
  }

  protected reconcile(key: string): void {
    const { namespace, name } = splitKey(key);
    const stored = this.api.tryGet('deployments', name, namespace);
    if (!stored) {
      this.requeueAfter(key, undefined);
      return;
    }
    const d = workingCopy(stored);
    const rsList = this.replicaSetsFor(d);
    if (d.metadata.deletionTimestamp) {
      syncStatusOnly(this.ctx, d, rsList);
      return;
    }
    checkPausedConditions(this.ctx, d);
    if (d.spec.paused === true || isScalingEvent(this.ctx, d, rsList)) {
      sync(this.ctx, d, rsList);
      return;
    }
    if (strategyType(d) === 'Recreate') rolloutRecreate(this.ctx, d, rsList, this.podMap(d, rsList));
    else rolloutRolling(this.ctx, d, rsList);
  }

  /** getReplicaSetsForDeployment: owned sets still matching the selector, plus adopted orphans. */
  private replicaSetsFor(d: Deployment): KubeObject[] {
    return claim({
      api: this.api,
      type: 'replicasets',
      owner: d,
      selector: fromLabelSelector(d.spec.selector),
      owned: this.api.ownedBy('replicasets', d.metadata.uid ?? ''),
      orphans: this.api.store.byIndex(ORPHAN_RS, d.metadata.namespace ?? 'default'),
    });
  }

  private podMap(d: Deployment, rsList: KubeObject[]): PodMap {
    const selector = fromLabelSelector(d.spec.selector);
    const map: PodMap = new Map();
    for (const rs of rsList) {
      const uid = rs.metadata.uid ?? '';
      map.set(uid, this.api.ownedBy('pods', uid).filter((p) => matchesLabels(selector, p.metadata.labels)));
    }
    return map;
  }

  /** One pending look-again per deployment (the progress deadline); a new request replaces it. */
  private requeueAfter(key: string, ms: number | undefined): void {
    const prev = this.requeues.get(key);
    if (prev !== undefined) this.clock.cancelTimer(prev);
    this.requeues.delete(key);
    if (ms === undefined) return;
    // Background: a rollout waiting for its deadline is not work settle() should jump ten minutes for.
    const id = this.clock.setTimer(ms, () => {
      this.requeues.delete(key);
      this.enqueue(key);
    }, true);
    this.requeues.set(key, id);
  }

  override stop(): void {
    super.stop();
    for (const id of this.requeues.values()) this.clock.cancelTimer(id);
    this.requeues.clear();
  }
}

/** A mutable copy of the stored Deployment with its status in the controller's shape. */
function workingCopy(stored: KubeObject): Deployment {
  const d = deepClone(stored) as Deployment;
  if (!isObject(d.spec)) d.spec = {};
  d.status = isObject(d.status) ? d.status : {};
  return d;
}
