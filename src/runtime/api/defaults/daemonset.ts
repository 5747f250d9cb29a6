// DaemonSet (apps/v1). Upstream: pkg/apis/apps/v1/defaults.go SetDefaults_DaemonSet.
import type { KubeObject } from '../types';
import { defaultPodTemplate } from './podspec';
import { asObj, ensureChild, setDefault, setDefaultString } from './util';

export function defaultDaemonSet(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    const strategy = ensureChild(spec, 'updateStrategy');
    if (strategy) {
      setDefaultString(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rolling = ensureChild(strategy, 'rollingUpdate');
        setDefault(rolling, 'maxUnavailable', 1);
        setDefault(rolling, 'maxSurge', 0);
      }
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    defaultPodTemplate(spec.template);
  }
  // The four counters of DaemonSetStatus are not omitempty.
  const status = ensureChild(obj, 'status');
  for (const key of ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady']) {
    setDefault(status, key, 0);
  }
}
