// The pod informer's PVC index (controller/volume/common.PodPVCIndex): which
// pods mount a given claim. A pod can mount several claims, which a
// single-valued store index cannot express, so this keeps its own multimap,
// fed synchronously by the store so it is never behind a write.
import type { ApiServer } from '../../api/apiserver';
import type { StoredEvent } from '../../api/store';
import type { KubeObject } from '../../api/types';
import { claimNamesOfPod } from './volumeutil';

export class PodClaimIndex {
  /** `ns/claim` → (`ns/pod` → pod) */
  private byClaim = new Map<string, Map<string, KubeObject>>();
  private readonly unsubscribe: () => void;

  constructor(api: ApiServer) {
    for (const pod of api.store.list('/pods')) this.add(pod);
    this.unsubscribe = api.store.subscribe((e) => this.onEvent(e), { resource: '/pods' });
  }

  podsUsing(namespace: string, claim: string): KubeObject[] {
    const m = this.byClaim.get(`${namespace}/${claim}`);
    return m ? [...m.values()] : [];
  }

  stop(): void {
    this.unsubscribe();
  }

  private onEvent(e: StoredEvent): void {
    if (e.previous) this.remove(e.previous);
    if (e.type !== 'DELETED') this.add(e.object);
  }

  private add(pod: KubeObject): void {
    const claims = claimNamesOfPod(pod);
    if (claims.length === 0) return;
    const ns = pod.metadata.namespace ?? '';
    for (const claim of claims) {
      const key = `${ns}/${claim}`;
      let m = this.byClaim.get(key);
      if (!m) this.byClaim.set(key, (m = new Map<string, KubeObject>()));
      m.set(`${ns}/${pod.metadata.name ?? ''}`, pod);
    }
  }

  private remove(pod: KubeObject): void {
    const claims = claimNamesOfPod(pod);
    if (claims.length === 0) return;
    const ns = pod.metadata.namespace ?? '';
    for (const claim of claims) {
      const key = `${ns}/${claim}`;
      const m = this.byClaim.get(key);
      m?.delete(`${ns}/${pod.metadata.name ?? ''}`);
      if (m?.size === 0) this.byClaim.delete(key);
    }
  }
}

const shared = new WeakMap<ApiServer, PodClaimIndex>();

/** One index per apiserver, shared by the binder and the pvc-protection controller. */
export function podClaimIndex(api: ApiServer): PodClaimIndex {
  let idx = shared.get(api);
  if (!idx) shared.set(api, (idx = new PodClaimIndex(api)));
  return idx;
}
