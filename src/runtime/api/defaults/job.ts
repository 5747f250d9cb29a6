// Job (batch/v1). Upstream: pkg/apis/batch/v1/defaults.go SetDefaults_Job and
// SetDefaults_PodFailurePolicyOnPodConditionsPattern; selector generation from
// pkg/registry/batch/job/strategy.go PrepareForCreate (generateSelector).
import type { KubeObject } from '../types';
import { defaultPodTemplate } from './podspec';
import { asObj, child, ensureChild, isNil, nonEmptyMap, objects, setDefault, setDefaultString, type Obj } from './util';

export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';

const MAX_INT32 = 2147483647;

/** onPodConditions patterns default their status to True (also inside CronJob job templates). */
export function defaultPodFailurePolicy(jobSpec: Obj): void {
  for (const rule of objects(child(jobSpec, 'podFailurePolicy')?.rules)) {
    for (const pattern of objects(rule.onPodConditions)) setDefaultString(pattern, 'status', 'True');
  }
}

/**
 * Add the selector and pod-template labels that tie the Job to its pods
 * (the registry does this on create unless manualSelector is true).
 */
function generateSelector(obj: KubeObject, spec: Obj): void {
  const template = ensureChild(spec, 'template');
  const meta = ensureChild(template, 'metadata');
  const labels = ensureChild(meta, 'labels');
  if (!labels) return;
  const name = obj.metadata.name ?? '';
  const uid = obj.metadata.uid ?? '';
  for (const key of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(key in labels)) labels[key] = name;
  for (const key of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(key in labels)) labels[key] = uid;
  const selector = ensureChild(spec, 'selector');
  const matchLabels = ensureChild(selector, 'matchLabels');
  if (matchLabels && !(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

export function defaultJob(obj: KubeObject, create: boolean): void {
  const spec = asObj(obj.spec);
  if (spec) {
    if (isNil(spec.completions) && isNil(spec.parallelism)) {
      spec.completions = 1;
      spec.parallelism = 1;
    }
    setDefault(spec, 'parallelism', 1);
    setDefault(spec, 'backoffLimit', isNil(spec.backoffLimitPerIndex) ? 6 : MAX_INT32);
    setDefault(spec, 'completionMode', 'NonIndexed');
    setDefault(spec, 'suspend', false);
    defaultPodFailurePolicy(spec);
    setDefault(spec, 'podReplacementPolicy', isNil(spec.podFailurePolicy) ? 'TerminatingOrFailed' : 'Failed');
    setDefault(spec, 'manualSelector', false);
    defaultPodTemplate(spec.template);
    if (create && spec.manualSelector === false) generateSelector(obj, spec);
    // Job labels default to the template's labels. The apiserver applies this
    // again whenever it reads the Job back, so the generated labels show up too.
    const templateLabels = child(child(spec, 'template'), 'metadata')?.labels;
    if (nonEmptyMap(templateLabels) && !nonEmptyMap(obj.metadata.labels)) {
      obj.metadata.labels = { ...(templateLabels as Record<string, string>) };
    }
  }
  // JobStatus fields are all omitempty: `status: {}`.
  ensureChild(obj, 'status');
}
