// describeContainers: one block per container with its image, ports, command,
// state, resources, probes, environment and mounts, as describe.go prints
// them for pods (with statuses) and pod templates (without).
import type { KubeObject } from '../../runtime/api/types';
import { isObject } from '../../runtime/api/types';
import { compare, goSlice, list, num, obj, printBool, rfc1123z, sortedKeys, str, stringOrNone, quantity } from './format';
import { milliValue, toQuantity, value } from './resources';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer';

type Container = Record<string, unknown>;
/** Resolves an env var's fieldRef against the pod; absent for templates. */
export type EnvResolver = ((fieldPath: string) => string) | undefined;

export function describeContainers(
  label: string,
  containers: unknown,
  statuses: unknown,
  resolver: EnvResolver,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map(list(statuses).map((s) => [str(s.name), s]));
  const items = list(containers);
  w.write(LEVEL_0, `${space}${label}:${items.length === 0 ? ' <none>' : ''}\n`);
  for (const c of items) {
    const status = byName.get(str(c.name));
    describeBasicInfo(c, status, space, w);
    describeCommand(c, w);
    if (status) describeState(status, w);
    describeResources(obj(c.resources), w, LEVEL_2);
    describeProbes(c, w);
    if (list(c.envFrom).length) describeEnvFrom(c, w);
    describeEnvVars(c, resolver, w);
    describeMounts(c, w);
  }
}

function describeBasicInfo(c: Container, status: Record<string, unknown> | undefined, space: string, w: PrefixWriter): void {
  w.write(LEVEL_1, `${space ? ' ' : ''}${str(c.name)}:\n`);
  if (status) w.write(LEVEL_2, `Container ID:\t${str(status.containerID)}\n`);
  w.write(LEVEL_2, `Image:\t${str(c.image)}\n`);
  if (status) w.write(LEVEL_2, `Image ID:\t${str(status.imageID)}\n`);
  const ports = list(c.ports);
  const portText = ports.map((p) => `${num(p.containerPort)}/${str(p.protocol)}`).join(', ');
  w.write(LEVEL_2, portText.includes(',') ? `Ports:\t${portText}\n` : `Port:\t${stringOrNone(portText)}\n`);
  const hostText = ports.map((p) => `${num(p.hostPort)}/${str(p.protocol)}`).join(', ');
  w.write(LEVEL_2, hostText.includes(',') ? `Host Ports:\t${hostText}\n` : `Host Port:\t${stringOrNone(hostText)}\n`);
  const seccomp = obj(obj(c.securityContext).seccompProfile);
  if (isObject(obj(c.securityContext).seccompProfile)) {
    w.write(LEVEL_2, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(LEVEL_3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
}

function describeCommand(c: Container, w: PrefixWriter): void {
  for (const [key, title] of [['command', 'Command'], ['args', 'Args']] as const) {
    const parts = Array.isArray(c[key]) ? (c[key] as unknown[]).map(str) : [];
    if (parts.length === 0) continue;
    w.write(LEVEL_2, `${title}:\n`);
    for (const part of parts) for (const line of part.split('\n')) w.write(LEVEL_3, `${line}\n`);
  }
}

/** describeResources: Limits then Requests, resource names sorted. */
export function describeResources(resources: Record<string, unknown>, w: PrefixWriter, level: number): void {
  for (const [key, title] of [['limits', 'Limits'], ['requests', 'Requests']] as const) {
    const rl = obj(resources[key]);
    const names = sortedKeys(rl);
    if (names.length) w.write(level, `${title}:\n`);
    for (const name of names) w.write(level + 1, `${name}:\t${quantity(rl[name])}\n`);
  }
}

function describeState(status: Record<string, unknown>, w: PrefixWriter): void {
  describeStatus('State', obj(status.state), w);
  if (isObject(obj(status.lastState).terminated)) describeStatus('Last State', obj(status.lastState), w);
  w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
  w.write(LEVEL_2, `Restart Count:\t${num(status.restartCount)}\n`);
}

function describeStatus(name: string, state: Record<string, unknown>, w: PrefixWriter): void {
  if (isObject(state.running)) {
    w.write(LEVEL_2, `${name}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
  } else if (isObject(state.waiting)) {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
    if (str(state.waiting.reason)) w.write(LEVEL_3, `Reason:\t${str(state.waiting.reason)}\n`);
  } else if (isObject(state.terminated)) {
    const t = state.terminated;
    w.write(LEVEL_2, `${name}:\tTerminated\n`);
    if (str(t.reason)) w.write(LEVEL_3, `Reason:\t${str(t.reason)}\n`);
    if (str(t.message)) w.write(LEVEL_3, `Message:\t${str(t.message)}\n`);
    w.write(LEVEL_3, `Exit Code:\t${num(t.exitCode)}\n`);
    if (num(t.signal) > 0) w.write(LEVEL_3, `Signal:\t${num(t.signal)}\n`);
    w.write(LEVEL_3, `Started:\t${rfc1123z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${rfc1123z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${name}:\tWaiting\n`);
  }
}

function describeProbes(c: Container, w: PrefixWriter): void {
  for (const [key, title] of [['livenessProbe', 'Liveness'], ['readinessProbe', 'Readiness'], ['startupProbe', 'Startup']] as const) {
    if (isObject(c[key])) w.write(LEVEL_2, `${title}:\t${describeProbe(c[key])}\n`);
  }
}

/** DescribeProbe: `http-get http://:80/ delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(p: Record<string, unknown>): string {
  const attrs = `delay=${num(p.initialDelaySeconds)}s timeout=${num(p.timeoutSeconds)}s period=${num(p.periodSeconds)}s #success=${num(p.successThreshold)} #failure=${num(p.failureThreshold)}`;
  if (isObject(p.exec)) return `exec ${goSlice(p.exec.command)} ${attrs}`;
  if (isObject(p.httpGet)) return `http-get ${probeURL(p.httpGet)} ${attrs}`;
  if (isObject(p.tcpSocket)) return `tcp-socket ${str(p.tcpSocket.host)}:${str(p.tcpSocket.port)} ${attrs}`;
  if (isObject(p.grpc)) return `grpc <pod>:${num(p.grpc.port)} ${str(p.grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

/** net/url's URL.String() for scheme, host:port and path, as the probe line shows it. */
function probeURL(h: Record<string, unknown>): string {
  const host = str(h.host);
  const port = str(h.port);
  const hostPort = port === '' ? host : `${host.includes(':') ? `[${host}]` : host}:${port}`;
  let path = encodeURI(str(h.path)).replace(/%25/g, '%');
  if (path !== '' && !path.startsWith('/') && hostPort !== '') path = `/${path}`;
  const scheme = str(h.scheme).toLowerCase();
  return `${scheme ? `${scheme}:` : ''}${hostPort !== '' || scheme ? `//${hostPort}` : ''}${path}`;
}

function describeEnvFrom(c: Container, w: PrefixWriter): void {
  w.write(LEVEL_2, 'Environment Variables from:\n');
  for (const e of list(c.envFrom)) {
    const [from, ref]: [string, Record<string, unknown>] = isObject(e.configMapRef) ? ['ConfigMap', e.configMapRef] : isObject(e.secretRef) ? ['Secret', e.secretRef] : ['', {}];
    const optional = ref.optional === true;
    const name = str(ref.name);
    const prefix = str(e.prefix);
    w.write(LEVEL_3, prefix === '' ? `${name}\t${from}\tOptional: ${optional}\n` : `${name}\t${from} with prefix '${prefix}'\tOptional: ${optional}\n`);
  }
}

function describeEnvVars(c: Container, resolver: EnvResolver, w: PrefixWriter): void {
  const env = list(c.env);
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    const name = str(e.name);
    if (!isObject(e.valueFrom)) {
      str(e.value)
        .split('\n')
        .forEach((line, i) => w.write(LEVEL_3, i === 0 ? `${name}:\t${line}\n` : `\t${line}\n`));
      continue;
    }
    const from = e.valueFrom;
    if (isObject(from.fieldRef)) {
      const path = str(from.fieldRef.fieldPath);
      w.write(LEVEL_3, `${name}:\t${resolver ? resolver(path) : ''} (${str(from.fieldRef.apiVersion)}:${path})\n`);
    } else if (isObject(from.resourceFieldRef)) {
      const resource = str(from.resourceFieldRef.resource);
      let v = containerResourceValue(from.resourceFieldRef, c);
      if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) v = 'node allocatable';
      w.write(LEVEL_3, `${name}:\t${v} (${resource})\n`);
    } else if (isObject(from.secretKeyRef)) {
      const r = from.secretKeyRef;
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(r.key)}' in secret '${str(r.name)}'>\tOptional: ${r.optional === true}\n`);
    } else if (isObject(from.configMapKeyRef)) {
      const r = from.configMapKeyRef;
      w.write(LEVEL_3, `${name}:\t<set to the key '${str(r.key)}' of config map '${str(r.name)}'>\tOptional: ${r.optional === true}\n`);
    }
  }
}

/** resourcehelper.ExtractContainerResourceValue: the value divided by the divisor, rounded up. */
function containerResourceValue(ref: Record<string, unknown>, c: Container): string {
  const [kind, res] = str(ref.resource).split('.', 2);
  const rl = obj(obj(c.resources)[kind]);
  const q = toQuantity(rl[res] ?? '0');
  const divisor = toQuantity(ref.divisor ?? '1');
  if (res === 'cpu') {
    const d = milliValue(divisor) || 1;
    return String(Math.ceil(milliValue(q) / d));
  }
  const d = value(divisor) || 1;
  return String(Math.ceil(value(q) / d));
}

function describeMounts(c: Container, w: PrefixWriter): void {
  const mounts = list(c.volumeMounts);
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  const sorted = [...mounts].sort((a, b) => compare(str(a.mountPath), str(b.mountPath)));
  for (const m of sorted) {
    const flags = [m.readOnly === true ? 'ro' : 'rw'];
    if (str(m.subPath)) flags.push(`path=${JSON.stringify(str(m.subPath))}`);
    w.write(LEVEL_3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
  const devices = list(c.volumeDevices);
  if (devices.length) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    for (const d of [...devices].sort((a, b) => compare(str(a.devicePath), str(b.devicePath)))) {
      w.write(LEVEL_3, `${str(d.devicePath)} from ${str(d.name)}\n`);
    }
  }
}

/** EnvValueRetriever: the downward-API fields a pod can resolve for `fieldRef`. */
export function podFieldResolver(pod: KubeObject): EnvResolver {
  return (path) => {
    const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
    if (m) return str(obj(pod.metadata[m[1]])[m[2]]);
    const s = obj(pod.spec);
    const st = obj(pod.status);
    switch (path) {
      case 'metadata.name':
        return pod.metadata.name ?? '';
      case 'metadata.namespace':
        return pod.metadata.namespace ?? '';
      case 'metadata.uid':
        return pod.metadata.uid ?? '';
      case 'spec.nodeName':
        return str(s.nodeName);
      case 'spec.serviceAccountName':
        return str(s.serviceAccountName);
      case 'status.hostIP':
        return str(st.hostIP);
      case 'status.hostIPs':
        return list(st.hostIPs).map((i) => str(i.ip)).join(',');
      case 'status.podIP':
        return str(st.podIP);
      case 'status.podIPs':
        return list(st.podIPs).map((i) => str(i.ip)).join(',');
      default:
        return '';
    }
  };
}
