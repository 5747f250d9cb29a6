// The pod describer: identity, node, status, IPs, containers, conditions,
// volumes, QoS class, node selectors, tolerations and events.
import { podQOSClass } from '../../runtime/api/defaults/pod';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline, printTolerationsMultiline } from './blocks';
import { describeContainers, describeResources, podFieldResolver } from './containers';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { controlledBy, list, num, obj, rfc1123z, since, spec, status, str } from './format';
import { describeTopologySpreadConstraints } from './topology';
import { describeVolumes } from './volumes';
import { tabbedString, LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';
import { isObject } from '../../runtime/api/types';

export function describePod(ctx: DescribeContext, pod: KubeObject): string {
  // Pod events are searched without a kind (upstream clears it), by name, namespace and uid.
  const events = eventsOf(ctx, pod, { kind: '', name: pod.metadata.name ?? '', namespace: pod.metadata.namespace ?? '', uid: mirrorUid(pod) });
  const s = spec(pod);
  const st = status(pod);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pod.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata.namespace ?? ''}\n`);
    if (typeof s.priority === 'number') w.write(LEVEL_0, `Priority:\t${s.priority}\n`);
    if (str(s.priorityClassName)) w.write(LEVEL_0, `Priority Class Name:\t${str(s.priorityClassName)}\n`);
    if (str(s.runtimeClassName)) w.write(LEVEL_0, `Runtime Class Name:\t${str(s.runtimeClassName)}\n`);
    if (str(s.serviceAccountName)) w.write(LEVEL_0, `Service Account:\t${str(s.serviceAccountName)}\n`);
    w.write(LEVEL_0, str(s.nodeName) === '' ? 'Node:\t<none>\n' : `Node:\t${str(s.nodeName)}/${str(st.hostIP)}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
    printLabelsMultiline(w, 'Labels', pod.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
    describePhase(ctx, pod, w);
    const seccomp = obj(obj(s.securityContext).seccompProfile);
    if (isObject(obj(s.securityContext).seccompProfile)) {
      w.write(LEVEL_0, `SeccompProfile:\t${str(seccomp.type)}\n`);
      if (seccomp.type === 'Localhost') w.write(LEVEL_0, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
    }
    w.write(LEVEL_0, `IP:\t${str(st.podIP)}\n`);
    describePodIPs(st, w);
    const owner = controlledBy(pod);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (str(st.nominatedNodeName)) w.write(LEVEL_0, `NominatedNodeName:\t${str(st.nominatedNodeName)}\n`);
    if (isObject(s.resources)) {
      w.write(LEVEL_0, 'Resources:\n');
      describeResources(s.resources, w, LEVEL_1);
    }
    const resolver = podFieldResolver(pod);
    if (list(s.initContainers).length) describeContainers('Init Containers', s.initContainers, st.initContainerStatuses, resolver, w, '');
    describeContainers('Containers', s.containers, st.containerStatuses, resolver, w, '');
    if (list(s.ephemeralContainers).length) describeContainers('Ephemeral Containers', s.ephemeralContainers, st.ephemeralContainerStatuses, resolver, w, '');
    describeReadinessGates(s, st, w);
    describeConditions(st, w);
    describeVolumes(s.volumes, w, '');
    w.write(LEVEL_0, `QoS Class:\t${str(st.qosClass) || podQOSClass(s)}\n`);
    printLabelsMultiline(w, 'Node-Selectors', s.nodeSelector);
    printTolerationsMultiline(w, 'Tolerations', s.tolerations);
    describeTopologySpreadConstraints(s.topologySpreadConstraints, w, '');
    describeEvents(events, w, ctx.now);
  });
}

/** A static pod's mirror carries the uid its events were recorded under. */
function mirrorUid(pod: KubeObject): string {
  return pod.metadata.annotations?.['kubernetes.io/config.mirror'] ?? pod.metadata.uid ?? '';
}

function describePhase(ctx: DescribeContext, pod: KubeObject, w: PrefixWriter): void {
  const st = status(pod);
  const phase = str(st.phase);
  if (pod.metadata.deletionTimestamp && phase !== 'Failed' && phase !== 'Succeeded') {
    w.write(LEVEL_0, `Status:\tTerminating (lasts ${since(ctx.now, pod.metadata.deletionTimestamp)})\n`);
    w.write(LEVEL_0, `Termination Grace Period:\t${num(pod.metadata.deletionGracePeriodSeconds)}s\n`);
  } else {
    w.write(LEVEL_0, `Status:\t${phase}\n`);
  }
  if (str(st.reason)) w.write(LEVEL_0, `Reason:\t${str(st.reason)}\n`);
  if (str(st.message)) w.write(LEVEL_0, `Message:\t${str(st.message)}\n`);
}

function describePodIPs(st: Record<string, unknown>, w: PrefixWriter): void {
  const ips = list(st.podIPs);
  if (ips.length === 0) {
    w.write(LEVEL_0, 'IPs:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'IPs:\n');
  for (const ip of ips) w.write(LEVEL_1, `IP:\t${str(ip.ip)}\n`);
}

function describeReadinessGates(s: Record<string, unknown>, st: Record<string, unknown>, w: PrefixWriter): void {
  const gates = list(s.readinessGates);
  if (gates.length === 0) return;
  w.write(LEVEL_0, 'Readiness Gates:\n  Type\tStatus\n');
  for (const g of gates) {
    const cond = list(st.conditions).find((c) => c.type === g.conditionType);
    w.write(LEVEL_1, `${str(g.conditionType)} \t${cond ? str(cond.status) : '<none>'} \n`);
  }
}

function describeConditions(st: Record<string, unknown>, w: PrefixWriter): void {
  const conditions = list(st.conditions);
  if (conditions.length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\n');
  for (const c of conditions) w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \n`);
}
