// curl, wget, nslookup and ping inside a pod: each resolves and connects
// through the cluster network (network.ts) and prints what the real tool
// prints — curl 8's `curl: (7) Failed to connect …`, busybox wget's
// `wget: bad address 'x'`, both nslookup output formats.
import { field } from '../../runtime/api/types';
import { toRFC3339 } from '../../runtime/clock';
import { connect, dnsServer, httpAnswer, resolveName, reverseName, type Connection, type HttpResponse } from './network';
import type { Tool, ToolContext, ToolResult } from './tools';

interface Url {
  scheme: string;
  host: string;
  port: number;
  path: string;
}

function parseUrl(raw: string): Url | undefined {
  const m = /^(?:([a-zA-Z][\w+.-]*):\/\/)?([^/:?#]+)(?::(\d+))?([^?#]*)?/.exec(raw);
  if (!m) return undefined;
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { scheme, host: m[2], port: m[3] ? Number(m[3]) : scheme === 'https' ? 443 : 80, path: m[4] || '/' };
}

function podNamespace(ctx: ToolContext): string {
  return ctx.pod.metadata.namespace ?? 'default';
}

type Fetched =
  | { kind: 'resolve'; timeout?: boolean }
  | { kind: 'conn'; ip: string; conn: Extract<Connection, { ok: false }> }
  | { kind: 'ok'; ip: string; conn: Extract<Connection, { ok: true }>; response?: HttpResponse };

function fetch(ctx: ToolContext, url: Url): Fetched {
  const dns = resolveName(ctx.cluster, url.host, podNamespace(ctx));
  const ip = dns.ips[0];
  if (!ip) return { kind: 'resolve', timeout: dns.timeout };
  const conn = connect(ctx.cluster, ctx.pod, ip, url.port);
  if (!conn.ok) return { kind: 'conn', ip, conn };
  return { kind: 'ok', ip, conn, response: httpAnswer(conn, url.path) };
}

/** The simulated round trip, for curl's "after N ms". */
const CONNECT_MS = 1;
/** An address on the pod network with no sandbox behind it: ARP goes unanswered for about 3 s. */
const ARP_TIMEOUT_MS = 3071;
/** Linux gives up on an unanswered SYN after about 2 minutes (tcp_syn_retries 6). */
const SYN_TIMEOUT_MS = 134_223;

function curl(ctx: ToolContext, args: string[]): ToolResult {
  let silent = false;
  let showErrors = false;
  let head = false;
  let include = false;
  let output: string | undefined;
  let maxTime: number | undefined;
  let failOnError = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s' || a === '--silent') silent = true;
    else if (a === '-S' || a === '--show-error') showErrors = true;
    else if (a === '-sS' || a === '-Ss') silent = showErrors = true;
    else if (a === '-I' || a === '--head') head = true;
    else if (a === '-i' || a === '--include') include = true;
    else if (a === '-f' || a === '--fail') failOnError = true;
    else if (a === '-o' || a === '--output') output = args[++i];
    else if (a === '-m' || a === '--max-time' || a === '--connect-timeout') maxTime = Number(args[++i]);
    else if (/^-[sSLkv]+$/.test(a) || a === '-L' || a === '--location' || a === '-k' || a === '--insecure') {
      if (a.includes('s')) silent = true;
      if (a.includes('S')) showErrors = true;
    } else if (!a.startsWith('-')) target = a;
  }
  // Without -s curl draws its progress meter on stderr whenever stdout is not a terminal.
  const meter = !silent && !ctx.stdoutTty;
  const fail = (code: number, msg: string): ToolResult => ({ stdout: '', stderr: `${meter ? progressMeter(0) : ''}${!silent || showErrors ? `curl: (${code}) ${msg}\n` : ''}`, code });
  if (!target) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 };
  const url = parseUrl(target);
  if (!url || (url.scheme !== 'http' && url.scheme !== 'https')) return fail(1, `Protocol "${url?.scheme ?? ''}" not supported`);
  const res = fetch(ctx, url);
  if (res.kind === 'resolve') return fail(6, `Could not resolve host: ${url.host}`);
  if (res.kind === 'conn') {
    if (res.conn.error === 'timeout') {
      if (maxTime !== undefined) return fail(28, `Failed to connect to ${url.host} port ${url.port} after ${Math.round(maxTime * 1000) + 2} ms: Timeout was reached`);
      return fail(28, `Failed to connect to ${url.host} port ${url.port} after ${SYN_TIMEOUT_MS} ms: Couldn't connect to server`);
    }
    if (res.conn.error === 'unreachable') return fail(7, `Failed to connect to ${url.host} port ${url.port} after ${ARP_TIMEOUT_MS} ms: No route to host`);
    return fail(7, `Failed to connect to ${url.host} port ${url.port} after ${CONNECT_MS} ms: Couldn't connect to server`);
  }
  if (url.scheme === 'https') return fail(35, 'OpenSSL/3.5.1: error:0A00010B:SSL routines::wrong version number');
  const response = res.response;
  if (!response) return fail(52, 'Empty reply from server');
  if (failOnError && response.status >= 400) return fail(22, `The requested URL returned error: ${response.status}`);
  const headers = httpHeaders(ctx, response);
  let body = head ? headers : include ? headers + response.body : response.body;
  if (output) {
    ctx.fs.write(ctx.resolve(output), body);
    body = '';
  }
  return { stdout: body, stderr: meter || (!silent && output) ? progressMeter(new TextEncoder().encode(head ? headers : response.body).length) : '', code: 0 };
}

/** curl's progress meter as it is left after the transfer (the \r-redrawn intermediate states are not kept). */
function progressMeter(bytes: number): string {
  const head = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';
  const pct = bytes > 0 ? '100' : '  0';
  const size = String(bytes).padStart(5);
  const speed = bytes > 0 ? `${Math.max(1, Math.round(bytes / 1.024 / 1000))}k`.padStart(5) : '    0';
  return `${head}${pct} ${size}  ${pct} ${size}    0     0  ${speed}      0 --:--:-- --:--:-- --:--:-- ${speed}\n`;
}

function httpHeaders(ctx: ToolContext, r: HttpResponse): string {
  const date = httpDate(ctx.cluster.clock.now());
  const server = r.server ? `Server: ${r.server}\r\n` : '';
  return `HTTP/1.1 ${r.status} ${r.reason}\r\n${server}Date: ${date}\r\nContent-Type: ${r.contentType}\r\nContent-Length: ${new TextEncoder().encode(r.body).length}\r\n\r\n`;
}

/** RFC 7231 IMF-fixdate, from simulated time. */
function httpDate(ms: number): string {
  const days = Math.floor(ms / 86_400_000);
  const dow = ['Thu', 'Fri', 'Sat', 'Sun', 'Mon', 'Tue', 'Wed'][((days % 7) + 7) % 7];
  const iso = toRFC3339(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(iso.slice(5, 7)) - 1];
  return `${dow}, ${iso.slice(8, 10)} ${month} ${iso.slice(0, 4)} ${iso.slice(11, 19)} GMT`;
}

/** busybox wget: -q, -O FILE / -O-, -T seconds, --spider. */
function wget(ctx: ToolContext, args: string[]): ToolResult {
  let quiet = false;
  let output: string | undefined;
  let spider = false;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--spider') spider = true;
    else if (a === '-O') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T' || a === '--timeout') i++;
    else if (/^-[qO-]+$/.test(a)) {
      if (a.includes('q')) quiet = true;
      if (a.endsWith('O-')) output = '-';
    } else if (a === '-q' || a === '--quiet') quiet = true;
    else if (!a.startsWith('-')) target = a;
  }
  if (!target) return { stdout: '', stderr: 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n', code: 1 };
  const url = parseUrl(target);
  if (!url || url.scheme !== 'http') return { stdout: '', stderr: `wget: not an http or ftp url: ${target}\n`, code: 1 };
  const res = fetch(ctx, url);
  if (res.kind === 'resolve') return { stdout: '', stderr: `wget: bad address '${url.host}'\n`, code: 1 };
  const connecting = quiet ? '' : `Connecting to ${url.host}${url.port === 80 ? '' : `:${url.port}`} (${res.ip}:${url.port})\n`;
  if (res.kind === 'conn') {
    if (res.conn.error === 'timeout') return { stdout: '', stderr: `${connecting}wget: download timed out\n`, code: 1 };
    if (res.conn.error === 'unreachable') return { stdout: '', stderr: `${connecting}wget: can't connect to remote host (${res.ip}): No route to host\n`, code: 1 };
    return { stdout: '', stderr: `${connecting}wget: can't connect to remote host (${res.ip}): Connection refused\n`, code: 1 };
  }
  const response = res.response;
  if (!response) return { stdout: '', stderr: `${connecting}wget: error getting response: Connection reset by peer\n`, code: 1 };
  if (response.status >= 400) return { stdout: '', stderr: `${connecting}wget: server returned error: HTTP/1.1 ${response.status} ${response.reason}\n`, code: 1 };
  if (spider) return { stdout: '', stderr: quiet ? '' : `${connecting}remote file exists\n`, code: 0 };
  if (output === '-') return { stdout: response.body, stderr: quiet ? '' : `${connecting}writing to stdout\nwritten to stdout\n`, code: 0 };
  const file = output ?? (url.path.replace(/^.*\//, '') || 'index.html');
  ctx.fs.write(ctx.resolve(file), response.body);
  return { stdout: '', stderr: quiet ? '' : `${connecting}saving to '${file}'\n'${file}' saved\n`, code: 0 };
}

/** nslookup: busybox 1.28's (the Kubernetes DNS docs' format) or the newer one. */
function nslookup(ctx: ToolContext, args: string[]): ToolResult {
  const name = args.find((a) => !a.startsWith('-'));
  if (!name) return { stdout: '', stderr: 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n', code: 1 };
  const dns = resolveName(ctx.cluster, name, podNamespace(ctx));
  const server = dnsServer(ctx.cluster);
  if (dns.timeout) return { stdout: ';; connection timed out; no servers could be reached\n\n', stderr: '', code: 1 };
  if (ctx.profile.oldNslookup) {
    const serverName = reverseName(ctx.cluster, server);
    const header = `Server:    ${server}\nAddress 1: ${server}${serverName ? ` ${serverName}` : ''}\n\n`;
    if (!dns.fqdn) return { stdout: header, stderr: `nslookup: can't resolve '${name}'\n`, code: 1 };
    const addrs = dns.ips.map((ip, i) => {
      const ptr = reverseName(ctx.cluster, ip);
      return `Address ${i + 1}: ${ip}${ptr ? ` ${ptr}` : ''}\n`;
    });
    return { stdout: `${header}Name:      ${name}\n${addrs.join('')}`, stderr: '', code: 0 };
  }
  const header = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;
  if (!dns.fqdn) return { stdout: `${header}** server can't find ${name}: NXDOMAIN\n\n`, stderr: '', code: 1 };
  const answers = dns.ips.map((ip) => `Name:\t${dns.fqdn ?? name}\nAddress: ${ip}\n`).join('');
  return { stdout: `${header}${answers}\n`, stderr: '', code: 0 };
}

/**
 * busybox ping with a count. Pods and nodes answer ICMP; a Service's ClusterIP
 * does not (kube-proxy only rewrites TCP/UDP to its ports), the classic surprise.
 */
function ping(ctx: ToolContext, args: string[]): ToolResult {
  let count = 4;
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c') count = Number(args[++i]) || 1;
    else if (!args[i].startsWith('-')) target = args[i];
  }
  if (!target) return { stdout: '', stderr: 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: ping [OPTIONS] HOST\n', code: 1 };
  const dns = resolveName(ctx.cluster, target, podNamespace(ctx));
  const ip = dns.ips[0];
  if (!ip) return { stdout: '', stderr: `ping: bad address '${target}'\n`, code: 1 };
  const api = ctx.cluster.api;
  const answers =
    ip === '127.0.0.1' ||
    api.list('pods').items.some((p) => field(p, 'status', 'podIP') === ip && field(p, 'status', 'phase') === 'Running') ||
    api.list('nodes').items.some((n) => JSON.stringify(field(n, 'status', 'addresses') ?? []).includes(`"${ip}"`));
  let out = `PING ${target} (${ip}): 56 data bytes\n`;
  for (let seq = 0; answers && seq < count; seq++) out += `64 bytes from ${ip}: seq=${seq} ttl=${ip === '127.0.0.1' ? 64 : 62} time=0.${String(300 + ((seq * 37) % 200))} ms\n`;
  const received = answers ? count : 0;
  out += `\n--- ${target} ping statistics ---\n${count} packets transmitted, ${received} packets received, ${answers ? 0 : 100}% packet loss\n`;
  if (answers) out += 'round-trip min/avg/max = 0.300/0.400/0.500 ms\n';
  return { stdout: out, stderr: '', code: answers ? 0 : 1 };
}

export const NET_TOOLS: Record<string, Tool> = {
  curl: (ctx, args) => curl(ctx, args),
  wget: (ctx, args) => wget(ctx, args),
  nslookup: (ctx, args) => nslookup(ctx, args),
  ping: (ctx, args) => ping(ctx, args),
};
