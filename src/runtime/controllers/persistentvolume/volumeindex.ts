// Finding a volume for a claim (persistentvolume/index.go findByClaim and
// component-helpers FindMatchingVolume). Volumes are grouped by their access
// modes; groups offering every mode the claim asks for are tried fewest modes
// first, and inside a group the smallest volume that fits wins — unless one
// volume is pre-bound to the claim, which always wins.
import { fromLabelSelector, matchesLabels } from '../../api/selectors';
import type { KubeObject } from '../../api/types';
import {
  accessModes,
  claimClass,
  claimRefOf,
  isVolumeBoundToClaim,
  phaseOf,
  specOf,
  storageCapacity,
  storageRequest,
  volumeClass,
  volumeModeMismatch,
} from './volumeutil';

export function findBestMatchForClaim(claim: KubeObject, volumes: KubeObject[], delayBinding: boolean): KubeObject | undefined {
  for (const group of modeGroups(claim, volumes)) {
    const found = findMatchingVolume(claim, group, delayBinding);
    if (found) return found;
  }
  return undefined;
}

function modeGroups(claim: KubeObject, volumes: KubeObject[]): KubeObject[][] {
  const wanted = accessModes(claim);
  const groups = new Map<string, { size: number; volumes: KubeObject[] }>();
  for (const v of volumes) {
    const modes = [...new Set(accessModes(v))].sort();
    if (!wanted.every((m) => modes.includes(m))) continue;
    const key = modes.join(',');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { size: modes.length, volumes: [] }));
    g.volumes.push(v);
  }
  return [...groups.entries()].sort(([ka, a], [kb, b]) => a.size - b.size || ka.localeCompare(kb)).map(([, g]) => g.volumes);
}

export function findMatchingVolume(claim: KubeObject, volumes: KubeObject[], delayBinding: boolean): KubeObject | undefined {
  const requested = storageRequest(claim);
  const wantedClass = claimClass(claim);
  const selector = specOf(claim).selector ? fromLabelSelector(specOf(claim).selector) : undefined;
  let smallest: KubeObject | undefined;
  for (const volume of volumes) {
    if (claimRefOf(volume) && !isVolumeBoundToClaim(volume, claim)) continue;
    const size = storageCapacity(volume);
    if (size < requested || volumeModeMismatch(claim, volume) || volume.metadata.deletionTimestamp) continue;
    if (isVolumeBoundToClaim(volume, claim)) return volume;
    // With WaitForFirstConsumer the scheduler picks the volume together with the node.
    if (delayBinding) continue;
    if (phaseOf(volume) !== 'Available') continue;
    if (selector && !matchesLabels(selector, volume.metadata.labels)) continue;
    if (volumeClass(volume) !== wantedClass) continue;
    if (!smallest || storageCapacity(smallest) > size) smallest = volume;
  }
  return smallest;
}
