// ControllerRefManager (pkg/controller/controller_ref_manager.go): a
// controller claims the objects its selector matches. Orphans that match are
// adopted (an ownerReference with controller=true is added); objects it owns
// that no longer match are released, so another controller may take them.
import type { ApiServer } from '../../api/apiserver';
import { isStatusError } from '../../api/errors';
import { matchesLabels, type Selector } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import { controllerRef, newControllerRef } from '../podutil';

export interface ClaimInput {
  api: ApiServer;
  /** Resource type of the claimed objects ('pods', 'replicasets'). */
  type: string;
  owner: KubeObject;
  selector: Selector;
  /** Objects whose controller reference points at the owner. */
  owned: KubeObject[];
  /** Objects in the namespace without a controller reference. */
  orphans: KubeObject[];
}

/** The objects that belong to the owner once adoption and release are done. */
export function claim(input: ClaimInput): KubeObject[] {
  const { owner, selector } = input;
  const ownerAlive = !owner.metadata.deletionTimestamp;
  const claimed: KubeObject[] = [];
  for (const obj of input.owned) {
    if (matchesLabels(selector, obj.metadata.labels)) claimed.push(obj);
    else if (ownerAlive) release(input, obj);
  }
  if (!ownerAlive || selector.length === 0) return claimed;
  for (const obj of input.orphans) {
    if (obj.metadata.deletionTimestamp || controllerRef(obj) || !matchesLabels(selector, obj.metadata.labels)) continue;
    const adopted = adopt(input, obj);
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function adopt(input: ClaimInput, obj: KubeObject): KubeObject | undefined {
  const refs = [...(obj.metadata.ownerReferences ?? []), newControllerRef(input.owner)];
  return write(input, obj, refs);
}

function release(input: ClaimInput, obj: KubeObject): void {
  const uid = input.owner.metadata.uid;
  const refs = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
  write(input, obj, refs.length ? refs : undefined);
}

function write(input: ClaimInput, obj: KubeObject, ownerReferences: KubeObject['metadata']['ownerReferences']): KubeObject | undefined {
  const metadata = { ...obj.metadata, ownerReferences };
  if (!ownerReferences) delete metadata.ownerReferences;
  try {
    return input.api.update({ ...obj, metadata }, { trusted: true });
  } catch (e) {
    // Gone or changed meanwhile: the next sync sees the current state.
    if (isStatusError(e)) return undefined;
    throw e;
  }
}
