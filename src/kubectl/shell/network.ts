// What a process inside a pod reaches on the network, asked of the
// runtime's network view (`cluster.network`): names resolved by the cluster
// DNS as the pod's resolv.conf makes them (search path, ndots:5), and a TCP
// connection traced as kube-proxy and the node routes carry it, ending at a
// container that listens or dropped with a reason. Then the answer of
// whatever image listens there.
import type { Cluster } from '../../runtime/cluster';
import { field, isObject, asArray, type KubeObject } from '../../runtime/api/types';
import { parseImage } from '../../runtime/kubelet/images';

export interface DNSResult {
  /** The name that answered (after the search path), or undefined for NXDOMAIN. */
  fqdn?: string;
  ips: string[];
  /** No DNS server answered (kube-dns has no ready CoreDNS pod). */
  timeout?: boolean;
}

/** The kubelet's clusterDNS: kube-dns's ClusterIP. */
export function dnsServer(cluster: Cluster): string {
  return cluster.network.dns.nameserver();
}

/** Resolve a name as the pod's resolver would. */
export function resolveName(cluster: Cluster, name: string, namespace: string): DNSResult {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { fqdn: name, ips: [name] };
  if (name === 'localhost') return { fqdn: 'localhost', ips: ['127.0.0.1'] };
  const dns = cluster.network.dns;
  if (!dns.available()) return { ips: [], timeout: true };
  const a = dns.lookup(name, { fromNamespace: namespace, type: 'A' });
  const ips = a.records.filter((r) => r.type === 'A').map((r) => r.value);
  return { fqdn: a.rcode === 'NOERROR' && ips.length ? a.fqdn : undefined, ips };
}

/** PTR: the name behind an address, for busybox 1.28's nslookup lines. */
export function reverseName(cluster: Cluster, ip: string): string | undefined {
  const ptr = cluster.network.dns.lookup(ip, { type: 'PTR' }).records.find((r) => r.type === 'PTR');
  return ptr?.value.replace(/\.$/, '');
}

export type Connection =
  | { ok: true; pod: KubeObject; container: Record<string, unknown>; port: number }
  | { ok: false; error: 'refused' | 'timeout' | 'unreachable' };

/** Open a TCP connection from `from` to ip:port, as the trace of a new connection ends. */
export function connect(cluster: Cluster, from: KubeObject, ip: string, port: number): Connection {
  const ns = from.metadata.namespace ?? 'default';
  const self = ip === '127.0.0.1' || ip === field(from, 'status', 'podIP');
  const target = self ? `pod/${from.metadata.name ?? ''}:${port}` : `${ip}:${port}`;
  const result = cluster.network.trace(`${ns}/pod/${from.metadata.name ?? ''}`, target, { namespace: ns });
  if (!result.ok) {
    switch (result.drop.reason) {
      // kube-proxy's REJECT rule and a closed port both answer at once.
      case 'no-endpoints':
      case 'no-listener':
        return { ok: false, error: 'refused' };
      case 'pod-not-running':
        return { ok: false, error: 'unreachable' };
      // Dropped packets (a NetworkPolicy, a dead node, an address nobody has) are never answered.
      default:
        return { ok: false, error: 'timeout' };
    }
  }
  const ep = result.endpoint;
  const pod = ep.pod ? cluster.api.tryGet('pods', ep.pod.name, ep.pod.namespace) : undefined;
  const container = asArray(field(pod, 'spec', 'containers'))
    .filter(isObject)
    .find((c) => c.name === ep.container);
  // The sandbox has no Internet: outside addresses never answer.
  if (!pod || !container) return { ok: false, error: 'timeout' };
  return { ok: true, pod, container, port: ep.port };
}

export interface HttpResponse {
  status: number;
  reason: string;
  server?: string;
  contentType: string;
  body: string;
}

/** What the server in an image answers to `GET path`; undefined when it does not speak HTTP. */
export function httpAnswer(conn: Extract<Connection, { ok: true }>, path: string): HttpResponse | undefined {
  const image = str(conn.container.image);
  const ref = parseImage(image);
  const repo = ref ? `${ref.domain}/${ref.path}` : '';
  const root = path === '/' || path === '/index.html' || path === '';
  const hostname = str(field(conn.pod, 'spec', 'hostname')) || (conn.pod.metadata.name ?? '');
  if (/\/nginx(-slim)?$/.test(repo)) {
    const server = `nginx/${nginxVersion(ref?.tag)}`;
    return root ? { status: 200, reason: 'OK', server, contentType: 'text/html', body: NGINX_WELCOME } : { status: 404, reason: 'Not Found', server, contentType: 'text/html', body: nginx404(server) };
  }
  if (repo.endsWith('/library/httpd')) {
    return root
      ? { status: 200, reason: 'OK', server: 'Apache/2.4.65 (Unix)', contentType: 'text/html', body: '<html><body><h1>It works!</h1></body></html>\n' }
      : { status: 404, reason: 'Not Found', server: 'Apache/2.4.65 (Unix)', contentType: 'text/html; charset=iso-8859-1', body: APACHE_404 };
  }
  if (repo.endsWith('/hello-app')) {
    const version = /^\d+\.\d+$/.test(ref?.tag ?? '') ? `${ref?.tag ?? ''}.0` : '1.0.0';
    return { status: 200, reason: 'OK', contentType: 'text/plain; charset=utf-8', body: `Hello, world!\nVersion: ${version}\nHostname: ${hostname}\n` };
  }
  if (repo.endsWith('/hpa-example')) return { status: 200, reason: 'OK', server: 'Apache/2.4.10 (Debian)', contentType: 'text/html', body: 'OK!' };
  return undefined;
}

function nginxVersion(tag: string | undefined): string {
  if (tag && /^\d+\.\d+\.\d+/.test(tag)) return /^\d+\.\d+\.\d+/.exec(tag)?.[0] ?? tag;
  if (tag && /^\d+\.\d+$/.test(tag)) return `${tag}.0`;
  return '1.29.3';
}

const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

function nginx404(server: string): string {
  return `<html>\n<head><title>404 Not Found</title></head>\n<body>\n<center><h1>404 Not Found</h1></center>\n<hr><center>${server}</center>\n</body>\n</html>\n`;
}

const APACHE_404 = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
<html><head>
<title>404 Not Found</title>
</head><body>
<h1>Not Found</h1>
<p>The requested URL was not found on this server.</p>
</body></html>
`;

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
