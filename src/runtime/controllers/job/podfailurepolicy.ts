// matchPodFailurePolicy (pkg/controller/job/pod_failure_policy.go): the
// first rule matching a failed pod decides whether it fails the Job
// (FailJob), is not counted against backoffLimit (Ignore), or counts (Count).
import { asArray, isObject, type KubeObject } from '../../api/types';
import { podCondition } from '../podutil';
import type { Obj } from './utils';

export interface PolicyMatch {
  /** Set when a FailJob rule matched: the Job's failure message. */
  failJobMessage?: string;
  countFailed: boolean;
  action?: string;
}

function terminatedContainer(pod: KubeObject, req: Obj): { name: string; exitCode: number } | undefined {
  const st = isObject(pod.status) ? pod.status : {};
  const values = asArray(req.values).filter((v): v is number => typeof v === 'number');
  for (const cs of [...asArray(st.initContainerStatuses), ...asArray(st.containerStatuses)]) {
    if (!isObject(cs) || !isObject(cs.state) || !isObject(cs.state.terminated)) continue;
    if (typeof req.containerName === 'string' && req.containerName !== cs.name) continue;
    const code = cs.state.terminated.exitCode;
    // Exit code 0 never matches a rule, whatever the operator.
    if (typeof code !== 'number' || code === 0) continue;
    if ((req.operator === 'In') === values.includes(code)) return { name: String(cs.name), exitCode: code };
  }
  return undefined;
}

function matchingCondition(pod: KubeObject, patterns: unknown): string | undefined {
  for (const p of asArray(patterns).filter(isObject)) {
    const c = podCondition(pod, String(p.type));
    if (c && c.status === (p.status ?? 'True')) return String(p.type);
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: unknown, pod: KubeObject): PolicyMatch {
  const rules = isObject(policy) ? asArray(policy.rules).filter(isObject) : [];
  const podRef = `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
  for (const [i, rule] of rules.entries()) {
    const action = String(rule.action);
    let message: string | undefined;
    if (isObject(rule.onExitCodes)) {
      const c = terminatedContainer(pod, rule.onExitCodes);
      if (c) message = `Container ${c.name} for pod ${podRef} failed with exit code ${c.exitCode} matching ${action} rule at index ${i}`;
    } else {
      const type = matchingCondition(pod, rule.onPodConditions);
      if (type) message = `Pod ${podRef} has condition ${type} matching ${action} rule at index ${i}`;
    }
    if (message === undefined) continue;
    if (action === 'FailJob') return { failJobMessage: message, countFailed: true, action };
    if (action === 'Ignore') return { countFailed: false, action };
    return { countFailed: true, action };
  }
  return { countFailed: true };
}
