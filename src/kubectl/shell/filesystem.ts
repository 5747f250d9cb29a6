// The files a container sees, as the kubelet lays them out: the image's
// top-level directories, /etc/hosts and /etc/resolv.conf the kubelet
// writes, configMap / secret / downwardAPI / projected volumes (the service
// account token, ca.crt and namespace) at their mount paths, and whatever
// the exec session writes itself. Only what a learner would look at.
import { asArray, field, isObject, type KubeObject } from '../../runtime/api/types';
import type { ApiServer } from '../../runtime/api/apiserver';
import { hex64 } from '../../runtime/kubelet/images';
import { shellContext } from '../../runtime/kubelet/environment';
import type { ImageProfile } from './profiles';

export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const CLUSTER_DOMAIN = 'cluster.local';
/** kubeadm's kube-dns Service address (the kubelet's clusterDNS setting). */
export const CLUSTER_DNS_IP = '10.96.0.10';

export class ContainerFS {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(['/']);

  write(path: string, content: string): void {
    this.files.set(path, content);
    this.mkdirs(parent(path));
  }

  append(path: string, content: string): void {
    this.write(path, (this.files.get(path) ?? '') + content);
  }

  mkdirs(path: string): void {
    for (let p = path; p !== '/' && p !== ''; p = parent(p)) this.dirs.add(p);
  }

  read(path: string): string | undefined {
    return this.files.get(path);
  }

  remove(path: string): boolean {
    return this.files.delete(path);
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  /** Entries directly inside a directory, sorted as `ls` (C locale) sorts them. */
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p !== dir && p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].filter((n) => n !== '').sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** Resolve `path` against `cwd`, folding `.` and `..`. */
export function resolvePath(cwd: string, path: string, home = '/root'): string {
  const expanded = path === '~' ? home : path.startsWith('~/') ? home + path.slice(1) : path;
  const parts = (expanded.startsWith('/') ? expanded : `${cwd}/${expanded}`).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return `/${out.join('/')}`;
}

export interface ContainerIdentity {
  api: ApiServer;
  pod: KubeObject;
  container: Record<string, unknown>;
  profile: ImageProfile;
  /** Lines for resolv.conf from the cluster DNS, when the networking runtime provides it. */
  resolvConf?: string;
  now: number;
}

/** The container's environment and file system at exec time. */
export function containerView(id: ContainerIdentity): { env: [string, string][]; fs: ContainerFS; hostname: string } {
  const { api, pod, container, profile } = id;
  const podIP = str(field(pod, 'status', 'podIP'));
  const hostIP = str(field(pod, 'status', 'hostIP'));
  const node = api.tryGet('nodes', str(field(pod, 'spec', 'nodeName')));
  const machineID = str(field(node, 'status', 'nodeInfo', 'machineID'));
  const ctx = shellContext({ api, pod, container, podIP, hostIP, machineID, busybox: profile.sh === 'ash' });
  const fs = new ContainerFS();
  for (const d of profile.rootDirs) fs.mkdirs(`/${d}`);
  fs.mkdirs(profile.workdir);
  for (const [path, content] of ctx.files) fs.write(path, content);
  fs.write('/etc/hosts', hostsFile(pod, podIP, ctx.hostname));
  fs.write('/etc/resolv.conf', id.resolvConf ?? resolvConf(pod));
  mountVolumes(id, fs);
  const env = ctx.env.map(([k, v]): [string, string] => (k === 'HOME' && profile.user.uid !== 0 ? [k, `/home/${profile.user.name}`] : [k, v]));
  return { env, fs, hostname: ctx.hostname };
}

/** managedHostsFileContent: localhost lines, the pod's own entry, then hostAliases. */
function hostsFile(pod: KubeObject, podIP: string, hostname: string): string {
  const ns = pod.metadata.namespace ?? 'default';
  const subdomain = str(field(pod, 'spec', 'subdomain'));
  let text = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  if (podIP) text += subdomain ? `${podIP}\t${hostname}.${subdomain}.${ns}.svc.${CLUSTER_DOMAIN}\t${hostname}\n` : `${podIP}\t${hostname}\n`;
  const aliases = asArray(field(pod, 'spec', 'hostAliases')).filter(isObject);
  if (aliases.length) {
    text += '\n# Entries added by HostAliases.\n';
    for (const a of aliases) for (const h of asArray(a.hostnames)) text += `${str(a.ip)}\t${String(h)}\n`;
  }
  return text;
}

/** What the kubelet writes for dnsPolicy ClusterFirst (the default) when no cluster DNS view is at hand. */
export function resolvConf(pod: KubeObject): string {
  const ns = pod.metadata.namespace ?? 'default';
  return `search ${ns}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${CLUSTER_DNS_IP}\noptions ndots:5\n`;
}

/** Volume types shellContext leaves out: downwardAPI, projected (the service account token), emptyDir. */
function mountVolumes(id: ContainerIdentity, fs: ContainerFS): void {
  const { pod, container } = id;
  const volumes = new Map(asArray(field(pod, 'spec', 'volumes')).filter(isObject).map((v) => [String(v.name), v]));
  for (const m of asArray(container.volumeMounts).filter(isObject)) {
    const v = volumes.get(String(m.name));
    const at = String(m.mountPath).replace(/\/$/, '') || '/';
    if (!v) continue;
    fs.mkdirs(at);
    if (isObject(v.downwardAPI)) writeItems(fs, at, downwardItems(pod, asArray(v.downwardAPI.items)));
    if (isObject(v.projected)) {
      for (const src of asArray(v.projected.sources).filter(isObject)) writeItems(fs, at, projectedSource(id, src));
    }
  }
}

function writeItems(fs: ContainerFS, at: string, items: [string, string][]): void {
  for (const [path, content] of items) fs.write(`${at}/${path}`, content);
}

function projectedSource(id: ContainerIdentity, src: Record<string, unknown>): [string, string][] {
  const { api, pod } = id;
  const ns = pod.metadata.namespace ?? 'default';
  if (isObject(src.serviceAccountToken)) return [[str(src.serviceAccountToken.path) || 'token', serviceAccountToken(id)]];
  if (isObject(src.downwardAPI)) return downwardItems(pod, asArray(src.downwardAPI.items));
  const ref = isObject(src.configMap) ? src.configMap : isObject(src.secret) ? src.secret : undefined;
  if (!ref) return [];
  const obj = api.tryGet(isObject(src.configMap) ? 'configmaps' : 'secrets', str(ref.name), ns);
  const data = isObject(obj?.data) ? obj.data : {};
  const decode = (v: unknown): string => (isObject(src.secret) ? decodeBase64(String(v)) : String(v));
  const items = asArray(ref.items).filter(isObject);
  if (items.length) return items.filter((i) => str(i.key) in data).map((i) => [str(i.path), decode(data[str(i.key)])]);
  return Object.entries(data).map(([k, v]) => [k, decode(v)]);
}

function downwardItems(pod: KubeObject, items: unknown[]): [string, string][] {
  const out: [string, string][] = [];
  for (const item of items.filter(isObject)) {
    const path = field(item, 'fieldRef', 'fieldPath');
    if (typeof path === 'string') out.push([str(item.path), downwardValue(pod, path)]);
  }
  return out;
}

/** The downward API's file contents: labels and annotations one `key="value"` per line, sorted. */
function downwardValue(pod: KubeObject, path: string): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? 'default';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'metadata.labels':
    case 'metadata.annotations': {
      const map = (path === 'metadata.labels' ? pod.metadata.labels : pod.metadata.annotations) ?? {};
      return Object.keys(map)
        .sort()
        .map((k) => `${k}=${JSON.stringify(map[k])}`)
        .join('\n');
    }
  }
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  return str(field(pod, ...path.split('.')));
}

/** A bound service account token: a JWT with the claims the apiserver puts in, signed by nobody (the sandbox says so). */
function serviceAccountToken(id: ContainerIdentity): string {
  const { pod, api } = id;
  const ns = pod.metadata.namespace ?? 'default';
  const sa = str(field(pod, 'spec', 'serviceAccountName')) || 'default';
  const saObj = api.tryGet('serviceaccounts', sa, ns);
  const nodeName = str(field(pod, 'spec', 'nodeName'));
  const node = api.tryGet('nodes', nodeName);
  const iat = Math.floor(id.now / 1000);
  const issuer = `https://kubernetes.default.svc.${CLUSTER_DOMAIN}`;
  const claims = {
    aud: [issuer],
    exp: iat + 3607,
    iat,
    iss: issuer,
    jti: uuidFrom(`${pod.metadata.uid ?? ''}/jti`),
    'kubernetes.io': {
      namespace: ns,
      node: { name: nodeName, uid: node?.metadata.uid ?? '' },
      pod: { name: pod.metadata.name ?? '', uid: pod.metadata.uid ?? '' },
      serviceaccount: { name: sa, uid: saObj?.metadata.uid ?? '' },
      warnafter: iat + 3600,
    },
    nbf: iat,
    sub: `system:serviceaccount:${ns}:${sa}`,
  };
  const header = { alg: 'RS256', kid: hex64(`kid/${api.clock.random()}`).slice(0, 43) };
  const signature = hex64(`${pod.metadata.uid ?? ''}/sig`) + hex64(`${pod.metadata.uid ?? ''}/sig2`);
  return `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}.${base64url(hexBytes(signature))}`;
}

function uuidFrom(seed: string): string {
  const h = hex64(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hexBytes(hex: string): string {
  let s = '';
  for (let i = 0; i + 1 < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return s;
}

/** base64url without padding, of a string whose characters are bytes (JSON here is ASCII: names are DNS labels). */
function base64url(bytes: string): string {
  return btoa(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function decodeBase64(b64: string): string {
  try {
    return atob(b64);
  } catch {
    return b64;
  }
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
