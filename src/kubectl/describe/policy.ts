// HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy and
// PriorityClass describers.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { formatLabels, formatLabelSelector, goBool, intOrString, list, num, obj, quantity, rfc1123z, spec, status, str, strings, timestampMs } from './format';
import { toRFC3339 } from '../../runtime/clock';
import { tabbedString, LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer';

type Obj = Record<string, unknown>;

/** Quantity.String() of an optional *Quantity: `<nil>` when absent. */
const q = (v: unknown): string => (v === undefined || v === null ? '<nil>' : quantity(v));

/** The apiserver serves every HPA as autoscaling/v2; an object stored as v1 is shown as its v2 conversion. */
function asV2(hpa: KubeObject): { spec: Obj; status: Obj } {
  const s = spec(hpa);
  const st = status(hpa);
  if (hpa.apiVersion !== 'autoscaling/v1') return { spec: s, status: st };
  const target = typeof s.targetCPUUtilizationPercentage === 'number' ? s.targetCPUUtilizationPercentage : 80;
  const current = typeof st.currentCPUUtilizationPercentage === 'number' ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: st.currentCPUUtilizationPercentage } } }] : [];
  return {
    spec: { ...s, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }] },
    status: { ...st, currentMetrics: current },
  };
}

export function describeHPA(ctx: DescribeContext, hpa: KubeObject): string {
  const { spec: s, status: st } = asV2(hpa);
  const events = eventsOf(ctx, hpa);
  const ref = obj(s.scaleTargetRef);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${hpa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${hpa.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Reference:\t${str(ref.kind)}/${str(ref.name)}\n`);
    w.write(LEVEL_0, 'Metrics:\t( current / target )\n');
    list(s.metrics).forEach((m, i) => describeMetric(m, obj(list(st.currentMetrics)[i]), w));
    w.write(LEVEL_0, `Min replicas:\t${typeof s.minReplicas === 'number' ? s.minReplicas : '<unset>'}\n`);
    w.write(LEVEL_0, `Max replicas:\t${num(s.maxReplicas)}\n`);
    if (s.behavior) {
      w.write(LEVEL_0, 'Behavior:\n');
      describeDirection(w, 'Scale Up', obj(s.behavior).scaleUp);
      describeDirection(w, 'Scale Down', obj(s.behavior).scaleDown);
    }
    w.write(LEVEL_0, `${str(ref.kind)} pods:\t`);
    w.write(LEVEL_0, `${num(st.currentReplicas)} current / ${num(st.desiredReplicas)} desired\n`);
    const conditions = list(st.conditions);
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------\t-------\n');
      for (const c of conditions) w.write(LEVEL_1, `${str(c.type)}\t${str(c.status)}\t${str(c.reason)}\t${str(c.message)}\n`);
    }
    describeEvents(events, w, ctx.now);
  });
}

function describeMetric(m: Obj, cur: Obj, w: PrefixWriter): void {
  const type = str(m.type);
  if (type === 'Resource' || type === 'ContainerResource') {
    const src = obj(type === 'Resource' ? m.resource : m.containerResource);
    const target = obj(src.target);
    const current = obj(obj(type === 'Resource' ? cur.resource : cur.containerResource).current);
    const has = Object.keys(obj(type === 'Resource' ? cur.resource : cur.containerResource)).length > 0;
    w.write(LEVEL_1, type === 'Resource' ? `resource ${str(src.name)} on pods` : `resource ${str(src.name)} of container "${str(src.container)}" on pods`);
    if (target.averageValue !== undefined) {
      w.write(LEVEL_0, `:\t${has ? q(current.averageValue) : '<unknown>'} / ${q(target.averageValue)}\n`);
    } else {
      const now = has && typeof current.averageUtilization === 'number' ? `${current.averageUtilization}% (${q(current.averageValue)})` : '<unknown>';
      const goal = typeof target.averageUtilization === 'number' ? `${target.averageUtilization}%` : '<auto>';
      w.write(LEVEL_1, `(as a percentage of request):\t${now} / ${goal}\n`);
    }
  } else if (type === 'Pods') {
    const src = obj(m.pods);
    const current = obj(cur.pods);
    w.write(LEVEL_1, `${JSON.stringify(str(obj(src.metric).name))} on pods:\t${cur.pods ? q(obj(current.current).averageValue) : '<unknown>'} / ${q(obj(src.target).averageValue)}\n`);
  } else if (type === 'Object') {
    const src = obj(m.object);
    const d = obj(src.describedObject);
    const target = obj(src.target);
    const current = obj(obj(cur.object).current);
    w.write(LEVEL_1, `"${str(obj(src.metric).name)}" on ${str(d.kind)}/${str(d.name)} `);
    if (target.type === 'AverageValue') w.write(LEVEL_0, `(target average value):\t${cur.object ? q(current.averageValue) : '<unknown>'} / ${q(target.averageValue)}\n`);
    else w.write(LEVEL_0, `(target value):\t${cur.object ? q(current.value) : '<unknown>'} / ${q(target.value)}\n`);
  } else if (type === 'External') {
    const src = obj(m.external);
    const target = obj(src.target);
    const current = obj(obj(cur.external).current);
    const name = JSON.stringify(str(obj(src.metric).name));
    if (target.averageValue !== undefined) w.write(LEVEL_1, `${name} (target average value):\t${cur.external && current.averageValue !== undefined ? q(current.averageValue) : '<unknown>'} / ${q(target.averageValue)}\n`);
    else w.write(LEVEL_1, `${name} (target value):\t${cur.external ? q(current.value) : '<unknown>'} / ${q(target.value)}\n`);
  } else {
    w.write(LEVEL_1, `<unknown metric type ${JSON.stringify(type)}>\n`);
  }
}

function describeDirection(w: PrefixWriter, direction: string, rules: unknown): void {
  if (!rules || typeof rules !== 'object') return;
  const r = obj(rules);
  w.write(LEVEL_1, `${direction}:\n`);
  if (typeof r.stabilizationWindowSeconds === 'number') w.write(LEVEL_2, `Stabilization Window: ${r.stabilizationWindowSeconds} seconds\n`);
  const policies = list(r.policies);
  if (policies.length) {
    w.write(LEVEL_2, `Select Policy: ${typeof r.selectPolicy === 'string' ? r.selectPolicy : 'Max'}\n`);
    w.write(LEVEL_2, 'Policies:\n');
    for (const p of policies) w.write(LEVEL_3, `- Type: ${str(p.type)}\tValue: ${num(p.value)}\tPeriod: ${num(p.periodSeconds)} seconds\n`);
  }
}

export function describePDB(ctx: DescribeContext, pdb: KubeObject): string {
  const s = spec(pdb);
  const st = status(pdb);
  const events = eventsOf(ctx, pdb);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata.namespace ?? ''}\n`);
    if (s.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${intOrString(s.minAvailable)}\n`);
    else if (s.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${intOrString(s.maxUnavailable)}\n`);
    w.write(LEVEL_0, s.selector ? `Selector:\t${formatLabelSelector(s.selector)}\n` : 'Selector:\t<unset>\n');
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${num(st.disruptionsAllowed)}\n`);
    w.write(LEVEL_2, `Current:\t${num(st.currentHealthy)}\n`);
    w.write(LEVEL_2, `Desired:\t${num(st.desiredHealthy)}\n`);
    w.write(LEVEL_2, `Total:\t${num(st.expectedPods)}\n`);
    describeEvents(events, w, ctx.now);
  });
}

export function describeNetworkPolicy(_ctx: DescribeContext, np: KubeObject): string {
  const s = spec(np);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${np.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${np.metadata.namespace ?? ''}\n`);
    // fmt's %s of a metav1.Time is Go's time.Time.String() in UTC.
    w.write(LEVEL_0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', np.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
    w.write(LEVEL_0, 'Spec:\n');
    w.write(LEVEL_1, 'PodSelector: ');
    const podSel = obj(s.podSelector);
    if (Object.keys(obj(podSel.matchLabels)).length === 0 && list(podSel.matchExpressions).length === 0) {
      w.write(LEVEL_2, '<none> (Allowing the specific traffic to all pods in this namespace)\n');
    } else {
      w.write(LEVEL_2, `${formatLabelSelector(podSel)}\n`);
    }
    const types = strings(s.policyTypes);
    if (types.includes('Ingress')) {
      w.write(LEVEL_1, 'Allowing ingress traffic:\n');
      describePeerRules(list(s.ingress), 'from', w);
    } else {
      w.write(LEVEL_1, 'Not affecting ingress traffic\n');
    }
    if (types.includes('Egress')) {
      w.write(LEVEL_1, 'Allowing egress traffic:\n');
      describePeerRules(list(s.egress), 'to', w);
    } else {
      w.write(LEVEL_1, 'Not affecting egress traffic\n');
    }
    w.write(LEVEL_1, `Policy Types: ${types.length ? types.join(', ') : '<none>'}\n`);
  });
}

function describePeerRules(rules: Obj[], dir: 'from' | 'to', w: PrefixWriter): void {
  const indent = '    ';
  if (rules.length === 0) {
    w.write(LEVEL_0, `${indent}<none> (Selected pods are isolated for ${dir === 'from' ? 'ingress' : 'egress'} connectivity)\n`);
    return;
  }
  rules.forEach((rule, i) => {
    const ports = list(rule.ports);
    if (ports.length === 0) w.write(LEVEL_0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of ports) {
      const proto = typeof p.protocol === 'string' ? p.protocol : 'TCP';
      if (typeof p.endPort === 'number') w.write(LEVEL_0, `${indent}To Port Range: ${goIntOrStringPtr(p.port)}-${p.endPort}/${proto}\n`);
      else w.write(LEVEL_0, `${indent}To Port: ${goIntOrStringPtr(p.port)}/${proto}\n`);
    }
    const peers = list(rule[dir]);
    const title = dir === 'from' ? 'From' : 'To';
    if (peers.length === 0) {
      w.write(LEVEL_0, `${indent}${title}: <any> (traffic not restricted by ${dir === 'from' ? 'source' : 'destination'})\n`);
    }
    for (const peer of peers) {
      w.write(LEVEL_0, `${indent}${title}:\n`);
      if (peer.namespaceSelector && peer.podSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector) {
        w.write(LEVEL_1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.namespaceSelector) {
        w.write(LEVEL_1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      } else if (peer.ipBlock) {
        const b = obj(peer.ipBlock);
        w.write(LEVEL_1, `${indent}IPBlock:\n`);
        w.write(LEVEL_2, `${indent}CIDR: ${str(b.cidr)}\n`);
        w.write(LEVEL_2, `${indent}Except: ${strings(b.except).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(LEVEL_0, `${indent}----------\n`);
  });
}

/** %s of a *intstr.IntOrString: the value, or `<nil>` when unset, as fmt prints a nil Stringer. */
function goIntOrStringPtr(v: unknown): string {
  return v === undefined || v === null ? '<nil>' : intOrString(v);
}

/** time.Time.String() for a UTC time: `2026-01-01 00:00:00 +0000 UTC`. */
function goTimeString(ts: unknown): string {
  const ms = timestampMs(ts);
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  return `${toRFC3339(ms).replace('T', ' ').replace('Z', '')} +0000 UTC`;
}

export function describePriorityClass(ctx: DescribeContext, pc: KubeObject): string {
  const events = eventsOf(ctx, pc);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Value:\t${num(pc.value)}\n`);
    w.write(LEVEL_0, `GlobalDefault:\t${goBool(pc.globalDefault)}\n`);
    w.write(LEVEL_0, `PreemptionPolicy:\t${str(pc.preemptionPolicy)}\n`);
    w.write(LEVEL_0, `Description:\t${str(pc.description)}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
    describeEvents(events, w, ctx.now);
  });
}
