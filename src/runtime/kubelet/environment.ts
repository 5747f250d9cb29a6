// What a container sees when it starts (kubelet_pods.go makeEnvironmentVariables
// and the volume plugins): its environment, resolved from env/envFrom,
// the downward API and the kubernetes Service, and the files its configMap,
// secret and host volumes put in place.
import type { ApiServer } from '../api/apiserver';
import { asArray, field, isObject, type KubeObject } from '../api/types';
import { str } from './records';
import type { ShellContext } from './shell';

export interface EnvironmentInput {
  api: ApiServer;
  pod: KubeObject;
  container: Record<string, unknown>;
  podIP: string;
  hostIP: string;
  machineID: string;
  busybox: boolean;
}

export function shellContext(input: EnvironmentInput): ShellContext {
  const hostname = podHostname(input.pod);
  return { env: environment(input, hostname), files: volumeFiles(input, hostname), hostname, busybox: input.busybox };
}

function podHostname(pod: KubeObject): string {
  const h = field(pod, 'spec', 'hostname');
  return typeof h === 'string' && h ? h : pod.metadata.name ?? '';
}

function environment(input: EnvironmentInput, hostname: string): [string, string][] {
  const { api, pod, container } = input;
  const ns = pod.metadata.namespace ?? 'default';
  const env: [string, string][] = [
    ['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    ['HOSTNAME', hostname],
  ];
  const set = (k: string, v: string): void => {
    const i = env.findIndex(([n]) => n === k);
    if (i >= 0) env[i] = [k, v];
    else env.push([k, v]);
  };
  for (const from of asArray(container.envFrom).filter(isObject)) {
    const prefix = typeof from.prefix === 'string' ? from.prefix : '';
    const cm = isObject(from.configMapRef) ? api.tryGet('configmaps', String(from.configMapRef.name), ns) : undefined;
    const secret = isObject(from.secretRef) ? api.tryGet('secrets', String(from.secretRef.name), ns) : undefined;
    for (const [k, v] of Object.entries(isObject(cm?.data) ? cm.data : {})) set(prefix + k, String(v));
    for (const [k, v] of Object.entries(isObject(secret?.data) ? secret.data : {})) set(prefix + k, decode(String(v)));
  }
  for (const e of asArray(container.env).filter(isObject)) {
    const name = String(e.name);
    const value = typeof e.value === 'string' ? expandRefs(e.value, env) : resolveFrom(input, e.valueFrom);
    if (value !== undefined) set(name, value);
  }
  const svc = api.tryGet('services', 'kubernetes', 'default');
  const ip = svc ? str(field(svc, 'spec', 'clusterIP')) : '';
  if (ip && field(pod, 'spec', 'enableServiceLinks') !== false) {
    for (const [k, v] of serviceLinks(ip)) set(k, v);
  } else if (ip) {
    set('KUBERNETES_SERVICE_HOST', ip);
    set('KUBERNETES_SERVICE_PORT', '443');
  }
  set('HOME', '/root');
  return env;
}

function serviceLinks(ip: string): [string, string][] {
  return [
    ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
    ['KUBERNETES_PORT', `tcp://${ip}:443`],
    ['KUBERNETES_PORT_443_TCP', `tcp://${ip}:443`],
    ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
    ['KUBERNETES_PORT_443_TCP_PORT', '443'],
    ['KUBERNETES_PORT_443_TCP_ADDR', ip],
    ['KUBERNETES_SERVICE_HOST', ip],
    ['KUBERNETES_SERVICE_PORT', '443'],
  ];
}

/** `$(VAR)` references to earlier variables, as the kubelet expands them. */
function expandRefs(value: string, env: [string, string][]): string {
  return value.replace(/\$\(([A-Za-z_]\w*)\)/g, (m, name: string) => env.find(([k]) => k === name)?.[1] ?? m);
}

function resolveFrom(input: EnvironmentInput, from: unknown): string | undefined {
  if (!isObject(from)) return undefined;
  const { api, pod } = input;
  const ns = pod.metadata.namespace ?? 'default';
  if (isObject(from.fieldRef)) return fieldRef(input, String(from.fieldRef.fieldPath));
  if (isObject(from.configMapKeyRef)) {
    const cm = api.tryGet('configmaps', String(from.configMapKeyRef.name), ns);
    const v = field(cm, 'data', String(from.configMapKeyRef.key));
    return typeof v === 'string' ? v : undefined;
  }
  if (isObject(from.secretKeyRef)) {
    const s = api.tryGet('secrets', String(from.secretKeyRef.name), ns);
    const v = field(s, 'data', String(from.secretKeyRef.key));
    return typeof v === 'string' ? decode(v) : undefined;
  }
  if (isObject(from.resourceFieldRef)) {
    const v = field(input.container, 'resources', ...String(from.resourceFieldRef.resource).split('.'));
    return typeof v === 'string' || typeof v === 'number' ? String(v) : '0';
  }
  return undefined;
}

function fieldRef(input: EnvironmentInput, path: string): string {
  const { pod } = input;
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return str(field(pod, 'spec', 'nodeName'));
    case 'spec.serviceAccountName':
      return str(field(pod, 'spec', 'serviceAccountName'));
    case 'status.podIP':
    case 'status.podIPs':
      return input.podIP;
    case 'status.hostIP':
    case 'status.hostIPs':
      return input.hostIP;
  }
  const label = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (label) return str(field(pod, 'metadata', label[1], label[2]));
  return '';
}

function volumeFiles(input: EnvironmentInput, hostname: string): Map<string, string> {
  const { api, pod, container } = input;
  const ns = pod.metadata.namespace ?? 'default';
  const files = new Map<string, string>([['/etc/hostname', `${hostname}\n`]]);
  const volumes = new Map(asArray(field(pod, 'spec', 'volumes')).filter(isObject).map((v) => [String(v.name), v]));
  for (const m of asArray(container.volumeMounts).filter(isObject)) {
    const v = volumes.get(String(m.name));
    const at = String(m.mountPath).replace(/\/$/, '');
    if (!v) continue;
    const cm = isObject(v.configMap) ? api.tryGet('configmaps', String(v.configMap.name), ns) : undefined;
    const secret = isObject(v.secret) ? api.tryGet('secrets', String(v.secret.secretName), ns) : undefined;
    const items = isObject(v.configMap) ? asArray(v.configMap.items) : isObject(v.secret) ? asArray(v.secret.items) : [];
    const data: Record<string, string> = {};
    for (const [k, val] of Object.entries(isObject(cm?.data) ? cm.data : {})) data[k] = String(val);
    for (const [k, val] of Object.entries(isObject(secret?.data) ? secret.data : {})) data[k] = decode(String(val));
    const picked = items.length ? items.filter(isObject).map((i) => [String(i.path), data[String(i.key)]] as const) : Object.entries(data);
    for (const [path, content] of picked) if (content !== undefined) files.set(`${at}/${path}`, content);
    if (isObject(v.hostPath) && String(v.hostPath.path) === '/etc/machine-id') files.set(at, `${input.machineID}\n`);
  }
  return files;
}

function decode(b64: string): string {
  try {
    return atob(b64);
  } catch {
    return b64;
  }
}
