// StatefulSet (apps/v1). Upstream: pkg/apis/apps/v1/defaults.go
// SetDefaults_StatefulSet (StatefulSetAutoDeletePVC is GA, so the retention
// policy is always defaulted); volumeClaimTemplates get the PVC defaults
// (zz_generated.defaults.go) and apiVersion/kind from the v1 conversion
// (pkg/apis/apps/v1/conversion.go, issue 87583).
import type { KubeObject } from '../types';
import { defaultPodTemplate } from './podspec';
import { defaultPVCSpec } from './volumesource';
import { asObj, child, ensureChild, objects, setDefault, setDefaultString } from './util';

export function defaultStatefulSet(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefaultString(spec, 'podManagementPolicy', 'OrderedReady');
    const strategy = ensureChild(spec, 'updateStrategy');
    if (strategy) {
      // rollingUpdate is only created when the type itself was defaulted.
      if (strategy.type === undefined || strategy.type === null || strategy.type === '') {
        strategy.type = 'RollingUpdate';
        ensureChild(strategy, 'rollingUpdate');
      }
      if (strategy.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
    }
    const retention = ensureChild(spec, 'persistentVolumeClaimRetentionPolicy');
    setDefaultString(retention, 'whenDeleted', 'Retain');
    setDefaultString(retention, 'whenScaled', 'Retain');
    setDefault(spec, 'replicas', 1);
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultPodTemplate(spec.template);
    for (const claim of objects(spec.volumeClaimTemplates)) {
      claim.apiVersion = 'v1';
      claim.kind = 'PersistentVolumeClaim';
      ensureChild(claim, 'metadata');
      const claimSpec = ensureChild(claim, 'spec');
      if (claimSpec) defaultPVCSpec(claimSpec);
      setDefaultString(ensureChild(claim, 'status'), 'phase', 'Pending');
    }
  }
  // replicas and availableReplicas are not omitempty in StatefulSetStatus.
  const status = ensureChild(obj, 'status');
  setDefault(status, 'replicas', 0);
  setDefault(status, 'availableReplicas', 0);
}
