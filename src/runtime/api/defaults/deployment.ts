// Deployment (apps/v1). Upstream: pkg/apis/apps/v1/defaults.go SetDefaults_Deployment.
import type { KubeObject } from '../types';
import { defaultPodTemplate } from './podspec';
import { asObj, ensureChild, setDefault, setDefaultString } from './util';

export function defaultDeployment(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefault(spec, 'replicas', 1);
    // DeploymentStrategy is a struct: it is always present once decoded.
    const strategy = ensureChild(spec, 'strategy');
    if (strategy) {
      setDefaultString(strategy, 'type', 'RollingUpdate');
      if (strategy.type === 'RollingUpdate') {
        const rolling = ensureChild(strategy, 'rollingUpdate');
        setDefault(rolling, 'maxUnavailable', '25%');
        setDefault(rolling, 'maxSurge', '25%');
      }
    }
    setDefault(spec, 'revisionHistoryLimit', 10);
    setDefault(spec, 'progressDeadlineSeconds', 600);
    defaultPodTemplate(spec.template);
  }
  // DeploymentStatus is a struct whose fields are all omitempty: `status: {}`.
  ensureChild(obj, 'status');
}
