// Which nodes a DaemonSet belongs on (daemon_controller.go NodeShouldRunDaemonPod
// and daemon/util): the template's nodeName, nodeSelector and required node
// affinity must match, and every NoSchedule/NoExecute taint must be tolerated
// — counting the tolerations the controller adds to every daemon pod.
import { nodeSelectorRequirementMatches, toleratesTaint } from '../../api/taints';
import { asArray, isObject, type KubeObject } from '../../api/types';

type Obj = Record<string, unknown>;

/** AddOrUpdateDaemonPodTolerations: daemons keep running through node trouble and cordons. */
export function daemonTolerations(hostNetwork: boolean): Obj[] {
  const exists = (key: string, effect: string): Obj => ({ key: `node.kubernetes.io/${key}`, operator: 'Exists', effect });
  const list = [
    exists('not-ready', 'NoExecute'),
    exists('unreachable', 'NoExecute'),
    exists('disk-pressure', 'NoSchedule'),
    exists('memory-pressure', 'NoSchedule'),
    exists('pid-pressure', 'NoSchedule'),
    exists('unschedulable', 'NoSchedule'),
  ];
  if (hostNetwork) list.push(exists('network-unavailable', 'NoSchedule'));
  return list;
}

const sameToleration = (a: Obj, b: Obj): boolean =>
  (a.key ?? '') === (b.key ?? '') && (a.operator ?? 'Equal') === (b.operator ?? 'Equal') && (a.value ?? '') === (b.value ?? '') && (a.effect ?? '') === (b.effect ?? '');

/** v1helper.AddOrUpdateTolerationInPodSpec over the daemon tolerations. */
export function withDaemonTolerations(podSpec: Obj): Obj[] {
  const out = asArray(podSpec.tolerations).filter(isObject);
  for (const t of daemonTolerations(podSpec.hostNetwork === true)) {
    const i = out.findIndex((o) => sameToleration(o, t));
    if (i < 0) out.push(t);
    else if (out[i].tolerationSeconds !== undefined) out[i] = t;
  }
  return out;
}

function tolerates(t: Obj, taint: Obj): boolean {
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  return toleratesTaint(
    { key: str(t.key), operator: str(t.operator), value: str(t.value), effect: str(t.effect) },
    { key: String(taint.key), value: str(taint.value), effect: String(taint.effect) },
  );
}

function requirementMatches(req: Obj, value: string | undefined): boolean {
  return nodeSelectorRequirementMatches(req.operator, asArray(req.values).map(String), value);
}

function termMatches(term: Obj, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const exprs = asArray(term.matchExpressions).filter(isObject);
  const fields = asArray(term.matchFields).filter(isObject);
  if (!exprs.length && !fields.length) return false;
  return (
    exprs.every((r) => requirementMatches(r, labels[String(r.key)])) &&
    fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, node.metadata.name))
  );
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node): nodeSelector AND any required term. */
export function matchesNodeAffinity(podSpec: Obj, node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {};
  const selector = isObject(podSpec.nodeSelector) ? podSpec.nodeSelector : {};
  if (!Object.entries(selector).every(([k, v]) => labels[k] === v)) return false;
  const affinity = isObject(podSpec.affinity) && isObject(podSpec.affinity.nodeAffinity) ? podSpec.affinity.nodeAffinity : {};
  const required = affinity.requiredDuringSchedulingIgnoredDuringExecution;
  if (!isObject(required)) return true;
  return asArray(required.nodeSelectorTerms).filter(isObject).some((t) => termMatches(t, node));
}

export interface NodeVerdict {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(podSpec: Obj, tolerations: Obj[], node: KubeObject): NodeVerdict {
  const nodeName = podSpec.nodeName;
  const fitsName = typeof nodeName !== 'string' || nodeName === '' || nodeName === node.metadata.name;
  if (!fitsName || !matchesNodeAffinity(podSpec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = isObject(node.spec) ? asArray(node.spec.taints).filter(isObject) : [];
  const untolerated = (effects: string[]): boolean => taints.some((t) => effects.includes(String(t.effect)) && !tolerations.some((tol) => tolerates(tol, t)));
  if (!untolerated(['NoSchedule', 'NoExecute'])) return { shouldRun: true, shouldContinueRunning: true };
  return { shouldRun: false, shouldContinueRunning: !untolerated(['NoExecute']) };
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only land on its node; preferences are kept. */
export function affinityForNode(affinity: unknown, nodeName: string): Obj {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] };
  const base = isObject(affinity) ? affinity : {};
  const nodeAffinity = isObject(base.nodeAffinity) ? base.nodeAffinity : {};
  const required = isObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution) ? nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution : {};
  return { ...base, nodeAffinity: { ...nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { ...required, nodeSelectorTerms: [term] } } };
}

/** GetTargetNodeName: the bound node, or the node a pending daemon pod is pinned to. */
export function targetNodeName(pod: KubeObject): string | undefined {
  const spec = isObject(pod.spec) ? pod.spec : {};
  if (typeof spec.nodeName === 'string' && spec.nodeName !== '') return spec.nodeName;
  const aff = isObject(spec.affinity) && isObject(spec.affinity.nodeAffinity) ? spec.affinity.nodeAffinity : {};
  const req = isObject(aff.requiredDuringSchedulingIgnoredDuringExecution) ? aff.requiredDuringSchedulingIgnoredDuringExecution : {};
  for (const term of asArray(req.nodeSelectorTerms).filter(isObject)) {
    for (const f of asArray(term.matchFields).filter(isObject)) {
      const values = asArray(f.values);
      if (f.key === 'metadata.name' && f.operator === 'In' && values.length === 1 && typeof values[0] === 'string') return values[0];
    }
  }
  return undefined;
}
