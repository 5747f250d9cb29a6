// The image side of the container runtime (containerd's CRI image service as
// the kubelet's image manager sees it): reference normalisation, a catalogue
// of the images lessons and the upstream examples use, and the results and
// errors a pull gives. Nothing is downloaded; sizes and digests are fixed so
// every run reports the same "Image size: N bytes".

export interface ImageRef {
  /** As written in the pod spec, e.g. `nginx`. */
  raw: string;
  /** containerd's fully qualified name, e.g. `docker.io/library/nginx:latest`. */
  normalized: string;
  domain: string;
  /** Repository path without the domain, e.g. `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
}

/** What the image's default entrypoint does when the pod gives no command. */
export type ImageBehaviour =
  | { kind: 'server'; ports: number[]; banner: string[]; memoryMi: number; cpuMilli: number; needsEnv?: { name: string; error: string[] } }
  | { kind: 'shell' }
  | { kind: 'pause' }
  | { kind: 'exit'; code: number; output: string[] }
  | { kind: 'stress' }
  | { kind: 'perl' };

interface CatalogueEntry {
  /** Repository paths (domain/path) this entry covers. */
  repos: string[];
  tags: RegExp;
  bytes: number;
  behaviour: ImageBehaviour;
  /** Groups of the image's default user (root), for the status' user.linux. */
  groups?: number[];
}

/** hex64's scratch buffer (declared before the catalogue, which hashes at load). */
const CODES = new Uint16Array(512);
const HEX_DIGITS = [...'0123456789abcdef'].map((ch) => ch.charCodeAt(0));
const HEX_OUT: number[] = new Array<number>(64).fill(0);

const VERSION = /^(latest|stable|mainline|alpine|slim|bookworm|bullseye|trixie|noble|jammy|focal|musl|glibc|uclibc|v?\d+(\.\d+){0,2})(-[a-z]+\d*(\.\d+)*)*$/;

const server = (ports: number[], banner: string[], memoryMi = 8, cpuMilli = 1): ImageBehaviour => ({ kind: 'server', ports, banner, memoryMi, cpuMilli });

const NGINX_BANNER = [
  '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
  '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
  '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
  '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
  '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
  '/docker-entrypoint.sh: Configuration complete; ready for start up',
];
const REDIS_BANNER = ['1:C * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo', '1:M * Server initialized', '1:M * Ready to accept connections tcp'];
/** ingress-nginx's start-up output (klog headers without their time and pid, as the other banners drop timestamps). */
const INGRESS_NGINX_BANNER = [
  '-------------------------------------------------------------------------------',
  'NGINX Ingress controller',
  '  Release:       v1.13.3',
  '  Repository:    https://github.com/kubernetes/ingress-nginx',
  '  nginx version: nginx/1.27.1',
  '',
  '-------------------------------------------------------------------------------',
  '',
  'W client_config.go:667] Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.',
  'I main.go:101] "SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"',
  'I nginx.go:273] "Starting NGINX Ingress controller"',
  'I nginx.go:319] "Starting NGINX process"',
  'I leaderelection.go:257] attempting to acquire leader lease ingress-nginx/ingress-nginx-leader...',
  'I controller.go:214] "Configuration changes detected, backend reload required"',
  'I leaderelection.go:271] successfully acquired lease ingress-nginx/ingress-nginx-leader',
  'I controller.go:228] "Backend successfully reloaded"',
  'I controller.go:240] "Initial sync, sleeping for 1 second"',
];

const CATALOGUE: CatalogueEntry[] = [
  { repos: ['docker.io/library/nginx'], tags: VERSION, bytes: 72_223_946, behaviour: server([80], NGINX_BANNER, 4, 1) },
  { repos: ['registry.k8s.io/nginx-slim', 'k8s.gcr.io/nginx-slim'], tags: /^0\.\d+$/, bytes: 56_323_120, behaviour: server([80], [], 3, 1) },
  { repos: ['docker.io/library/httpd'], tags: VERSION, bytes: 58_173_512, behaviour: server([80], ['AH00558: httpd: Could not reliably determine the server\'s fully qualified domain name', 'AH00094: Command line: \'httpd -D FOREGROUND\''], 6, 1) },
  { repos: ['docker.io/library/redis', 'registry.k8s.io/redis'], tags: VERSION, bytes: 45_112_836, behaviour: server([6379], REDIS_BANNER, 3, 2) },
  {
    repos: ['docker.io/library/postgres'],
    tags: VERSION,
    bytes: 158_432_110,
    behaviour: {
      kind: 'server',
      ports: [5432],
      banner: ['LOG:  database system is ready to accept connections'],
      memoryMi: 40,
      cpuMilli: 3,
      needsEnv: {
        name: 'POSTGRES_PASSWORD',
        error: ['Error: Database is uninitialized and superuser password is not specified.', '       You must specify POSTGRES_PASSWORD to a non-empty value for the', '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".'],
      },
    },
  },
  {
    repos: ['docker.io/library/mysql'],
    tags: VERSION,
    bytes: 233_817_512,
    behaviour: {
      kind: 'server',
      ports: [3306],
      banner: ['[Server] /usr/sbin/mysqld: ready for connections. Version: \'8.4.6\'  socket: \'/var/run/mysqld/mysqld.sock\'  port: 3306  MySQL Community Server - GPL.'],
      memoryMi: 360,
      cpuMilli: 5,
      needsEnv: { name: 'MYSQL_ROOT_PASSWORD', error: ['[ERROR] [Entrypoint]: Database is uninitialized and password option is not specified', '    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'] },
    },
  },
  { repos: ['docker.io/library/busybox', 'registry.k8s.io/busybox', 'k8s.gcr.io/busybox', 'gcr.io/google-containers/busybox'], tags: VERSION, bytes: 2_155_502, behaviour: { kind: 'shell' }, groups: [0, 10] },
  { repos: ['docker.io/library/alpine'], tags: VERSION, bytes: 3_802_452, behaviour: { kind: 'shell' }, groups: [0, 1, 2, 3, 4, 6, 10, 11, 20, 26, 27] },
  { repos: ['docker.io/library/ubuntu'], tags: VERSION, bytes: 29_724_688, behaviour: { kind: 'shell' } },
  { repos: ['docker.io/library/debian'], tags: VERSION, bytes: 48_494_272, behaviour: { kind: 'shell' } },
  { repos: ['docker.io/library/perl'], tags: VERSION, bytes: 337_212_304, behaviour: { kind: 'perl' } },
  { repos: ['docker.io/curlimages/curl'], tags: VERSION, bytes: 11_210_284, behaviour: { kind: 'exit', code: 2, output: ['curl: try \'curl --help\' or \'curl --manual\' for more information'] } },
  { repos: ['registry.k8s.io/pause', 'k8s.gcr.io/pause'], tags: /^(latest|\d+\.\d+(\.\d+)?)$/, bytes: 320_368, behaviour: { kind: 'pause' } },
  { repos: ['registry.k8s.io/liveness', 'k8s.gcr.io/liveness', 'registry.k8s.io/e2e-test-images/agnhost'], tags: VERSION, bytes: 2_584_021, behaviour: server([8080], ['Started!']) },
  { repos: ['registry.k8s.io/hpa-example', 'k8s.gcr.io/hpa-example'], tags: VERSION, bytes: 181_224_511, behaviour: server([80], ['AH00558: apache2: Could not reliably determine the server\'s fully qualified domain name'], 12, 1) },
  { repos: ['registry.k8s.io/goproxy', 'k8s.gcr.io/goproxy'], tags: VERSION, bytes: 2_972_141, behaviour: server([8080], []) },
  { repos: ['docker.io/vish/stress'], tags: VERSION, bytes: 301_733, behaviour: { kind: 'stress' } },
  { repos: ['docker.io/polinux/stress'], tags: VERSION, bytes: 4_044_120, behaviour: { kind: 'stress' } },
  {
    repos: ['registry.k8s.io/guestbook/php-redis', 'gcr.io/google_samples/gb-frontend', 'gcr.io/google-samples/gb-frontend', 'us-docker.pkg.dev/google-samples/containers/gke/gb-frontend'],
    tags: /^v\d+$/,
    bytes: 133_512_201,
    behaviour: server([80], ['AH00558: apache2: Could not reliably determine the server\'s fully qualified domain name'], 14, 1),
  },
  { repos: ['gcr.io/google_samples/gb-redisslave', 'gcr.io/google-samples/gb-redis-follower', 'us-docker.pkg.dev/google-samples/containers/gke/gb-redis-follower'], tags: /^v\d+$/, bytes: 37_620_111, behaviour: server([6379], REDIS_BANNER, 3, 2) },
  { repos: ['gcr.io/google-samples/hello-app', 'us-docker.pkg.dev/google-samples/containers/gke/hello-app'], tags: /^\d+\.\d+$/, bytes: 11_392_145, behaviour: server([8080], ['Server listening on port 8080']) },
  { repos: ['gcr.io/google-samples/hello-go-gke'], tags: /^\d+\.\d+$/, bytes: 5_204_112, behaviour: server([80], []) },
  { repos: ['gcr.io/google-samples/hello-frontend'], tags: /^\d+\.\d+$/, bytes: 18_240_011, behaviour: server([80], [], 4, 1) },
  { repos: ['quay.io/fluentd_elasticsearch/fluentd', 'k8s.gcr.io/fluentd-elasticsearch'], tags: VERSION, bytes: 140_335_002, behaviour: server([24231], ['[info]: starting fluentd-1.x'], 60, 4) },
  { repos: ['registry.k8s.io/e2e-test-images/nginx'], tags: VERSION, bytes: 6_834_310, behaviour: server([80], [], 3, 1) },
  { repos: ['registry.k8s.io/ingress-nginx/controller'], tags: /^v1\.\d+\.\d+$/, bytes: 113_472_318, behaviour: server([80, 443, 10254], INGRESS_NGINX_BANNER, 90, 3) },
  // The cluster DNS add-on: DNS on 53, metrics on 9153, /health on 8080 and /ready on 8181 for its probes.
  { repos: ['registry.k8s.io/coredns/coredns', 'docker.io/coredns/coredns'], tags: VERSION, bytes: 21_473_240, behaviour: server([53, 9153, 8080, 8181], ['.:53', `[INFO] plugin/reload: Running configuration SHA512 = ${hex64('Corefile')}${hex64('coredns')}`, 'CoreDNS-1.12.1'], 14, 2) },
];

const byRepo = new Map<string, CatalogueEntry>();
for (const e of CATALOGUE) for (const r of e.repos) byRepo.set(r, e);

/** distribution/reference's grammar, reduced to what lessons type. */
const REFERENCE = /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*)(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::([\w][\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$/;

/**
 * Every container start parses its image, and a cluster's pods name a few
 * images: each distinct reference is parsed once and its (frozen) result shared.
 */
const parsed = new Map<string, ImageRef | null>();

/** ParseNormalizedNamed + TagNameOnly: docker.io/library defaults, `latest` when untagged. */
export function parseImage(raw: string): ImageRef | undefined {
  let ref = parsed.get(raw);
  if (ref === undefined) {
    if (parsed.size >= 4096) parsed.clear();
    const fresh = parseReference(raw);
    ref = fresh ? Object.freeze(fresh) : null;
    parsed.set(raw, ref);
  }
  return ref ?? undefined;
}

function parseReference(raw: string): ImageRef | undefined {
  let rest = raw;
  let domain = 'docker.io';
  const slash = raw.indexOf('/');
  if (slash > 0) {
    const first = raw.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first;
      rest = raw.slice(slash + 1);
    }
  }
  const m = REFERENCE.exec(rest);
  if (!m || raw !== raw.trim() || raw === '') return undefined;
  let path = m[1];
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  const digest = m[3];
  const tag = m[2] ?? (digest ? undefined : 'latest');
  const normalized = `${domain}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  return { raw, normalized, domain, path, tag, digest };
}

export interface ImageInfo {
  ref: ImageRef;
  bytes: number;
  behaviour: ImageBehaviour;
  groups: number[];
  /** `docker.io/library/nginx@sha256:…`, what containerStatuses[].imageID shows. */
  imageID: string;
}

export type PullOutcome = { ok: true; image: ImageInfo } | { ok: false; error: string };

/** Pull outcomes by normalized reference: the registry answers every pull of one reference alike. */
const outcomes = new Map<string, PullOutcome>();

/** What a pull of this reference from the (simulated) registry gives. */
export function resolveImage(ref: ImageRef): PullOutcome {
  let outcome = outcomes.get(ref.normalized);
  if (!outcome) {
    if (outcomes.size >= 4096) outcomes.clear();
    outcome = registryAnswer(ref);
    outcomes.set(ref.normalized, outcome);
  }
  return outcome;
}

function registryAnswer(ref: ImageRef): PullOutcome {
  const repo = `${ref.domain}/${ref.path}`;
  const entry = byRepo.get(repo);
  const target = ref.normalized;
  const prefix = `rpc error: code = NotFound desc = failed to pull and unpack image "${target}": failed to resolve reference "${target}"`;
  if (!entry) {
    if (!KNOWN_REGISTRIES.has(ref.domain)) {
      return {
        ok: false,
        error: `rpc error: code = Unknown desc = failed to pull and unpack image "${target}": failed to resolve reference "${target}": failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${ref.tag ?? ref.digest ?? 'latest'}": dial tcp: lookup ${ref.domain}: no such host`,
      };
    }
    return { ok: false, error: `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed` };
  }
  if (ref.tag && !entry.tags.test(ref.tag)) return { ok: false, error: `${prefix}: ${target}: not found` };
  const digest = ref.digest ?? `sha256:${hex64(`${repo}:${ref.tag ?? ''}`)}`;
  return { ok: true, image: { ref, bytes: entry.bytes, behaviour: entry.behaviour, groups: entry.groups ?? [0], imageID: `${repo}@${digest}` } };
}

const KNOWN_REGISTRIES = new Set(['docker.io', 'registry.k8s.io', 'k8s.gcr.io', 'gcr.io', 'quay.io', 'ghcr.io', 'us-docker.pkg.dev', 'mcr.microsoft.com', 'public.ecr.aws']);

/** containerd reports the image size it unpacked; pulling runs at a steady simulated 40 MB/s after a round trip. */
export function pullDurationMs(bytes: number): number {
  return 600 + Math.round((bytes / 40_000_000) * 1000);
}

/** Go's time.Duration String() for millisecond-truncated durations: 812ms, 3.4s, 1m5.2s. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${trimZeros(s.toFixed(3))}s`;
  if (h > 0) return `${h}h${m}m${sec}`;
  if (m > 0) return `${m}m${sec}`;
  return sec;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** A stable 64-hex-digit string derived from text (FNV-1a rounds), for digests and ids. */
export function hex64(text: string): string {
  // Every container ID goes through here: read the text's code units once, not once per round.
  const n = text.length;
  const codes = n <= CODES.length ? CODES : new Uint16Array(n);
  for (let i = 0; i < n; i++) codes[i] = text.charCodeAt(i);
  let h = 0x811c9dc5;
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < n; i++) h = Math.imul(h ^ codes[i], 0x01000193);
    h = Math.imul(h ^ round, 0x01000193);
    // Digit by digit into one reused buffer: toString(16) of a uint32 above 2^31 takes the slow double path.
    const at = round * 8;
    for (let d = 0; d < 8; d++) HEX_OUT[at + d] = HEX_DIGITS[(h >>> (28 - d * 4)) & 15];
  }
  return String.fromCharCode.apply(null, HEX_OUT);
}

