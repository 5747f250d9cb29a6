// CronJob (batch/v1). Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_CronJob;
// the job template only gets the type-level defaults (pod template, pod
// failure policy patterns), not SetDefaults_Job.
import type { KubeObject } from '../types';
import { defaultPodFailurePolicy } from './job';
import { defaultPodTemplate } from './podspec';
import { asObj, child, ensureChild, setDefault, setDefaultString } from './util';

export function defaultCronJob(obj: KubeObject): void {
  const spec = asObj(obj.spec);
  if (spec) {
    setDefaultString(spec, 'concurrencyPolicy', 'Allow');
    setDefault(spec, 'suspend', false);
    setDefault(spec, 'successfulJobsHistoryLimit', 3);
    setDefault(spec, 'failedJobsHistoryLimit', 1);
    const jobTemplate = child(spec, 'jobTemplate');
    if (jobTemplate) {
      ensureChild(jobTemplate, 'metadata');
      const jobSpec = child(jobTemplate, 'spec');
      if (jobSpec) {
        defaultPodFailurePolicy(jobSpec);
        defaultPodTemplate(jobSpec.template);
      }
    }
  }
  ensureChild(obj, 'status');
}
