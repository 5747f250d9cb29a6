// The pv-protection controller (pkg/controller/volume/pvprotection): a volume
// keeps the `kubernetes.io/pv-protection` finalizer while it is Bound, so
// deleting a volume in use leaves it Terminating until its claim lets go.
import type { KubeObject } from '../../api/types';
import { Controller } from '../controller';
import { phaseOf, PV_PROTECTION_FINALIZER } from './volumeutil';

export class PVProtectionController extends Controller {
  readonly name = 'pv-protection-controller';

  start(): this {
    this.watch('persistentvolumes');
    return this;
  }

  protected reconcile(name: string): void {
    const volume = this.api.tryGet('persistentvolumes', name);
    if (!volume) return;
    const finalizers = volume.metadata.finalizers ?? [];
    const has = finalizers.includes(PV_PROTECTION_FINALIZER);
    if (!volume.metadata.deletionTimestamp) {
      if (!has) this.setFinalizers(volume, [...finalizers, PV_PROTECTION_FINALIZER]);
      return;
    }
    if (has && phaseOf(volume) !== 'Bound') this.setFinalizers(volume, finalizers.filter((f) => f !== PV_PROTECTION_FINALIZER));
  }

  private setFinalizers(volume: KubeObject, finalizers: string[]): void {
    const meta = { ...volume.metadata, finalizers };
    if (finalizers.length === 0) delete (meta as { finalizers?: string[] }).finalizers;
    this.api.update({ ...volume, metadata: meta }, { trusted: true });
  }
}
