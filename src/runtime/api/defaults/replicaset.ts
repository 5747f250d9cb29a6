// ReplicaSet (apps/v1) and ReplicationController (v1).
// Upstream: pkg/apis/apps/v1/defaults.go SetDefaults_ReplicaSet;
// pkg/apis/core/v1/defaults.go SetDefaults_ReplicationController and the
// `+default=1` marker on ReplicationControllerSpec.replicas.
import type { KubeObject } from '../types';
import { defaultPodTemplate } from './podspec';
import { asObj, child, ensureChild, nonEmptyMap, setDefault } from './util';

/** Both statuses carry a non-omitempty `replicas` count. */
function defaultReplicasStatus(obj: KubeObject): void {
  setDefault(ensureChild(obj, 'status'), 'replicas', 0);
}

export function defaultReplicaSet(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefault(spec, 'replicas', 1);
    defaultPodTemplate(spec.template);
  }
  defaultReplicasStatus(obj);
}

export function defaultReplicationController(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    // Selector and object labels default to the template's labels (the map is shared upstream).
    const labels = child(child(spec, 'template'), 'metadata')?.labels;
    // (An empty template label map would default them to empty maps, which serialize as absent.)
    if (nonEmptyMap(labels)) {
      if (!nonEmptyMap(spec.selector)) spec.selector = { ...labels };
      if (!nonEmptyMap(obj.metadata.labels)) obj.metadata.labels = { ...(labels as Record<string, string>) };
    }
    setDefault(spec, 'replicas', 1);
    defaultPodTemplate(spec.template);
  }
  defaultReplicasStatus(obj);
}
