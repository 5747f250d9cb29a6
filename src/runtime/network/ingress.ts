// What ingress-nginx does with one HTTP request, computed from the Ingresses
// it serves. The controller turns Ingresses into nginx `server` blocks (one per
// host, plus the catch-all `_`) holding `location` blocks, and nginx picks
// the server by Host header and the location by path. This file builds that
// table the way internal/ingress/controller/controller.go does
// (createServers, getBackendServers, updateServerLocations) and then matches a
// request as nginx would. It is pure: endpoints and Secrets come in as callbacks.
//
// Choices, each as ingress-nginx v1.13 behaves:
// - ImplementationSpecific is rewritten to Prefix before anything else
//   (k8s.SetDefaultNGINXPathType), so it has Prefix semantics; with the
//   `nginx.ingress.kubernetes.io/use-regex` (or a rewrite-target) annotation
//   every path of that host becomes a case-insensitive regex anchored at the
//   start, tried longest first, first match wins.
// - Prefix `/foo` becomes two locations, `= /foo` and `/foo/`, which gives the
//   element-wise match of the spec; Exact wins over Prefix at equal length.
//   Prefix `/foo/` answers `/foo` with nginx's 301 to `/foo/`.
// - Ingresses are merged oldest first (ties: namespace/name descending); the
//   first Ingress to claim a host+path+pathType keeps it.
// - Resource backends are skipped (ingress-nginx only proxies to Services).
// - Canary Ingresses are left out: their weighted split is not simulated.
import { asArray, isObject, type KubeObject } from '../api/types';

export interface IngressRequest {
  host: string;
  /** Request URI path, optionally with `?query`. */
  path: string;
  scheme?: 'http' | 'https';
  ingressClass?: string;
}

export interface ServiceBackendPort {
  number?: number;
  name?: string;
}

export type IngressBackend = { service: { name: string; port: ServiceBackendPort } } | { resource: { apiGroup?: string; kind: string; name: string } };

/** The certificate the controller presents for a host. */
export interface IngressTLS {
  secretName?: string;
  /** `fake`: the controller's self-signed "Kubernetes Ingress Controller Fake Certificate". */
  certificate: 'secret' | 'fake';
  /** Why the fake certificate is served, in the controller's log wording. */
  reason?: string;
}

export interface IngressRedirect {
  status: 301 | 308;
  location: string;
}

export interface IngressRouteMatch {
  matched: true;
  ingress: { namespace: string; name: string };
  rule: { host: string | undefined };
  path: { path: string; pathType: string } | undefined;
  backend: IngressBackend;
  /** Namespace of the backend Service (the Ingress's own). */
  namespace: string;
  tls: IngressTLS | undefined;
  /** The Ingress's spec.defaultBackend answered (no path matched, or a catch-all Ingress). */
  defaultBackend: boolean;
  /** nginx's location block that matched, e.g. `= /foo`, `/foo/`, `~* "^/api"`. */
  location: string;
  /** Answered before proxying: 301 to add a trailing slash, or 308 to HTTPS (ssl-redirect). */
  redirect?: IngressRedirect;
  /** The URI sent upstream when a rewrite-target annotation applies. */
  rewrittenPath?: string;
}

export interface IngressRouteMiss {
  matched: false;
  reason: string;
  status: 404 | 503;
  /** The HTML nginx sends with this status. */
  body: string;
  tls?: IngressTLS;
  redirect?: IngressRedirect;
  /** For a 503: the route that matched but has nothing to send to. */
  route?: IngressRouteMatch;
}

export type IngressRoute = IngressRouteMatch | IngressRouteMiss;

export interface IngressRouteOptions {
  /** IngressClasses of the cluster: resolve which controller a class name means, and the default class. */
  ingressClasses?: KubeObject[];
  /** Does this TLS Secret exist (with tls.crt and tls.key)? Omitted: every Secret is assumed present. */
  hasTLSSecret?: (namespace: string, name: string) => boolean;
  /** Does the Service exist? Omitted: assumed. */
  hasService?: (namespace: string, name: string) => boolean;
  /** Does the Service have ready endpoints for this port? Omitted: assumed. */
  hasEndpoints?: (namespace: string, service: string, port: ServiceBackendPort) => boolean;
}

export const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
export const FAKE_CERTIFICATE_CN = 'Kubernetes Ingress Controller Fake Certificate';
/** The controller's own default backend (port 8181, `return 404`), when no default-backend-service is set. */
export const DEFAULT_BACKEND_404 = 'default backend - 404';

const ANNOTATION = 'nginx.ingress.kubernetes.io/';
const DEFAULT_SERVER = '_';

function nginxErrorPage(status: string): string {
  return `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
export const NGINX_404_BODY = nginxErrorPage('404 Not Found');
export const NGINX_503_BODY = nginxErrorPage('503 Service Temporarily Unavailable');

// ---- classes ---------------------------------------------------------------

function specOf(o: KubeObject): Record<string, unknown> {
  return isObject(o.spec) ? o.spec : {};
}

/** The default IngressClass, as the DefaultIngressClass admission plugin picks it (the newest when several claim it). */
export function defaultIngressClass(classes: KubeObject[]): KubeObject | undefined {
  return classes
    .filter((c) => c.metadata.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION] === 'true')
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''))[0];
}

/**
 * Whether the controller of `className` serves this Ingress (ingress-nginx
 * GetIngressClass): spec.ingressClassName names any IngressClass with the
 * same spec.controller; else the deprecated annotation equals the class name;
 * an Ingress with neither belongs to the default class, which the
 * DefaultIngressClass admission plugin would have written into it. Without
 * the cluster's classes, names are compared and class-less Ingresses are not served.
 */
export function isIngressOfClass(ing: KubeObject, className: string, classes?: KubeObject[]): boolean {
  const named = specOf(ing).ingressClassName;
  const annotation = ing.metadata.annotations?.[INGRESS_CLASS_ANNOTATION];
  const hasName = typeof named === 'string' && named !== '';
  if (!hasName && annotation !== undefined) return annotation === className;
  if (!classes) return hasName && named === className;
  const controllerOf = (name: unknown): unknown => {
    const c = classes.find((x) => x.metadata.name === name);
    return c ? specOf(c).controller : undefined;
  };
  const want = controllerOf(className);
  const effective = hasName ? named : defaultIngressClass(classes)?.metadata.name;
  return want !== undefined && effective !== undefined && controllerOf(effective) === want;
}

// ---- the server table --------------------------------------------------------

export interface IngressLocation {
  /** The nginx location path (Prefix paths end in `/`). */
  path: string;
  /** Before regex enforcement: `= path` or a prefix. */
  exact: boolean;
  ingressPath?: string;
  pathType?: string;
  ruleHost?: string;
  ingress?: KubeObject;
  /** Undefined: the controller's own default backend. */
  backend?: IngressBackend;
  isDefBackend: boolean;
  /** The backend came from the Ingress's spec.defaultBackend. */
  fromDefaultBackend: boolean;
}

export interface IngressServer {
  hostname: string;
  locations: IngressLocation[];
  tls?: IngressTLS;
  /** Every location is a `~*` regex (use-regex or rewrite-target somewhere on this host). */
  regex: boolean;
}

function annotation(ing: KubeObject | undefined, key: string): string | undefined {
  return ing?.metadata.annotations?.[ANNOTATION + key];
}

function serviceBackend(b: unknown): IngressBackend | undefined {
  if (!isObject(b) || !isObject(b.service) || typeof b.service.name !== 'string') return undefined;
  const port = isObject(b.service.port) ? b.service.port : {};
  const out: ServiceBackendPort = {};
  if (typeof port.number === 'number') out.number = port.number;
  if (typeof port.name === 'string' && port.name) out.name = port.name;
  return { service: { name: b.service.name, port: out } };
}

function rulesOf(ing: KubeObject): Record<string, unknown>[] {
  return asArray(specOf(ing).rules).filter(isObject);
}

/** sortIngressSlice: oldest first; the same second goes by namespace/name, descending. */
function sortIngresses(ingresses: KubeObject[]): KubeObject[] {
  const key = (i: KubeObject): string => `${i.metadata.namespace ?? ''}/${i.metadata.name ?? ''}`;
  return [...ingresses].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    if (ta !== tb) return ta < tb ? -1 : 1;
    return key(a) > key(b) ? -1 : key(a) < key(b) ? 1 : 0;
  });
}

const hostOf = (rule: Record<string, unknown>): string => (typeof rule.host === 'string' && rule.host !== '' ? rule.host : DEFAULT_SERVER);

function rootLocation(ing: KubeObject | undefined, backend: IngressBackend | undefined, ruleHost?: string): IngressLocation {
  return { path: '/', exact: false, pathType: 'Prefix', ingressPath: '/', ruleHost, ingress: ing, backend, isDefBackend: true, fromDefaultBackend: backend !== undefined };
}

/** createServers: a server per host, each with a root location for its default backend. */
function createServers(ingresses: KubeObject[]): Map<string, IngressServer> {
  const servers = new Map<string, IngressServer>([[DEFAULT_SERVER, { hostname: DEFAULT_SERVER, locations: [rootLocation(undefined, undefined)], regex: false }]]);
  for (const ing of ingresses) {
    const un = serviceBackend(specOf(ing).defaultBackend);
    const rules = rulesOf(ing);
    const catchAll = servers.get(DEFAULT_SERVER)?.locations[0];
    if (un && rules.length === 0 && catchAll?.isDefBackend) Object.assign(catchAll, { backend: un, ingress: ing, isDefBackend: false, fromDefaultBackend: true });
    for (const rule of rules) {
      const host = hostOf(rule);
      if (!servers.has(host)) servers.set(host, { hostname: host, locations: [rootLocation(ing, un, host)], regex: false });
    }
  }
  return servers;
}

/** The TLS pass of createServers: the first Ingress naming a host in spec.tls gives it its certificate. */
function configureTLS(ingresses: KubeObject[], servers: Map<string, IngressServer>, opts: IngressRouteOptions): void {
  for (const ing of ingresses) {
    const tls = asArray(specOf(ing).tls).filter(isObject);
    for (const rule of rulesOf(ing)) {
      const host = hostOf(rule);
      const server = servers.get(host);
      if (!server || host === DEFAULT_SERVER || server.tls || tls.length === 0) continue;
      server.tls = certificateFor(ing, host, tls, opts);
    }
  }
}

function certificateFor(ing: KubeObject, host: string, tls: Record<string, unknown>[], opts: IngressRouteOptions): IngressTLS {
  const entry = tls.find((t) => asArray(t.hosts).some((h) => typeof h === 'string' && h.toLowerCase() === host.toLowerCase()));
  const secretName = entry && typeof entry.secretName === 'string' ? entry.secretName : '';
  if (!secretName) return { certificate: 'fake', reason: `Host "${host}" is listed in the TLS section but secretName is empty. Using default certificate` };
  const ns = ing.metadata.namespace ?? 'default';
  if (opts.hasTLSSecret && !opts.hasTLSSecret(ns, secretName)) {
    const key = `${ns}/${secretName}`;
    return { secretName, certificate: 'fake', reason: `Error getting SSL certificate "${key}": no object matching key "${key}" in local store. Using default certificate` };
  }
  return { secretName, certificate: 'secret' };
}

/** getBackendServers: each path becomes a location; the first Ingress to claim a path and type keeps it. */
function addLocations(ingresses: KubeObject[], servers: Map<string, IngressServer>): void {
  for (const ing of ingresses) {
    for (const rule of rulesOf(ing)) {
      const host = hostOf(rule);
      const server = servers.get(host) ?? servers.get(DEFAULT_SERVER);
      if (!server || !isObject(rule.http)) continue;
      for (const p of asArray(rule.http.paths).filter(isObject)) {
        const backend = serviceBackend(p.backend);
        if (!backend) continue;
        const path = typeof p.path === 'string' && p.path !== '' ? p.path : '/';
        const declared = typeof p.pathType === 'string' ? p.pathType : 'ImplementationSpecific';
        const exact = declared === 'Exact';
        const existing = server.locations.find((l) => l.path === path && l.exact === exact);
        const claim = { ingressPath: path, pathType: declared, ruleHost: host === DEFAULT_SERVER ? undefined : host, ingress: ing, backend, isDefBackend: false, fromDefaultBackend: false };
        if (!existing) server.locations.push({ path, exact, ...claim });
        else if (existing.isDefBackend) Object.assign(existing, claim);
      }
    }
  }
}

function needsRewrite(l: IngressLocation): boolean {
  const target = annotation(l.ingress, 'rewrite-target');
  return target !== undefined && target !== '' && target !== l.path;
}

function usesRegex(l: IngressLocation): boolean {
  return annotation(l.ingress, 'use-regex') === 'true' || needsRewrite(l);
}

/** updateServerLocations: Prefix `/foo` → `/foo/` plus `= /foo`, unless an Exact `/foo` exists or the path is a regex. */
function expandPrefixes(locations: IngressLocation[]): IngressLocation[] {
  const exactPaths = new Set(locations.filter((l) => l.exact).map((l) => l.path));
  const out: IngressLocation[] = [];
  for (const l of locations) {
    if (l.path === '/' || l.exact || usesRegex(l)) {
      out.push(l);
      continue;
    }
    const normalized = l.path.endsWith('/') ? l.path : `${l.path}/`;
    out.push({ ...l, path: normalized });
    if (!exactPaths.has(l.path)) out.push({ ...l, exact: true });
  }
  return out;
}

/** The servers ingress-nginx would write into nginx.conf, hostnames sorted, locations in file order. */
export function buildIngressServers(ingresses: KubeObject[], opts: IngressRouteOptions = {}): IngressServer[] {
  const sorted = sortIngresses(ingresses.filter((i) => annotation(i, 'canary') !== 'true'));
  const servers = createServers(sorted);
  configureTLS(sorted, servers, opts);
  addLocations(sorted, servers);
  const out: IngressServer[] = [];
  for (const server of servers.values()) {
    server.locations.sort((a, b) => (a.path > b.path ? -1 : a.path < b.path ? 1 : 0));
    server.locations.sort((a, b) => b.path.length - a.path.length);
    server.regex = server.locations.some(usesRegex);
    server.locations = expandPrefixes(server.locations);
    out.push(server);
  }
  return out.sort((a, b) => (a.hostname < b.hostname ? -1 : a.hostname > b.hostname ? 1 : 0));
}

// ---- matching a request -------------------------------------------------------

/** Host header → server: exact name, then `*.domain` (one label, `[\w-]+`), then the catch-all. */
export function selectServer(servers: IngressServer[], hostHeader: string): IngressServer {
  const host = hostHeader.toLowerCase().replace(/:\d+$/, '');
  const exact = servers.find((s) => s.hostname === host && !s.hostname.startsWith('*.'));
  if (exact) return exact;
  const dot = host.indexOf('.');
  const first = host.slice(0, dot);
  const wildcard = servers.find((s) => s.hostname.startsWith('*.') && dot > 0 && s.hostname.slice(2) === host.slice(dot + 1) && /^[\w-]+$/.test(first));
  return wildcard ?? servers.find((s) => s.hostname === DEFAULT_SERVER) ?? { hostname: DEFAULT_SERVER, locations: [rootLocation(undefined, undefined)], regex: false };
}

/** nginx's URI normalisation before location matching: merge slashes, resolve `.` and `..`. */
export function normalizeURIPath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/').slice(1)) {
    if (seg === '.' || seg === '') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  const trailing = /\/\.?\.?$/.test(path) && out.length > 0 ? '/' : '';
  return `/${out.join('/')}${trailing}`;
}

const MAX_PATTERN = 256;
/** A quantified group holding a quantifier (`(a+)+`) can take exponential time in a backtracking engine. */
const NESTED_QUANTIFIER = /\([^()]*[+*}][^()]*\)\s*[+*{]/;

const compiled = new Map<string, RegExp | undefined>();

/** Compile a location path as nginx would (`~* "^path"`); text from YAML, so refuse patterns that could hang the tab. */
export function locationRegex(path: string): RegExp | undefined {
  if (compiled.has(path)) return compiled.get(path);
  let re: RegExp | undefined;
  if (path.length <= MAX_PATTERN && !NESTED_QUANTIFIER.test(path)) {
    try {
      re = new RegExp(`^${path}`, 'i');
    } catch {
      re = undefined;
    }
  }
  if (compiled.size >= 1024) compiled.clear();
  compiled.set(path, re);
  return re;
}

interface Selected {
  loc: IngressLocation;
  autoRedirect: boolean;
}

function selectLocation(server: IngressServer, uri: string): Selected | undefined {
  if (server.regex) {
    const loc = server.locations.find((l) => locationRegex(l.path)?.test(uri) ?? false);
    return loc && { loc, autoRedirect: false };
  }
  const exact = server.locations.find((l) => l.exact && l.path === uri);
  if (exact) return { loc: exact, autoRedirect: false };
  // A prefix location ending in `/` answers the same URI without the slash with a 301 (proxy_pass auto_redirect).
  const slashed = server.locations.find((l) => l.path.length > 1 && l.path === `${uri}/`);
  if (slashed) return { loc: slashed, autoRedirect: true };
  let best: IngressLocation | undefined;
  for (const l of server.locations) if (!l.exact && uri.startsWith(l.path) && (!best || l.path.length > best.path.length)) best = l;
  return best && { loc: best, autoRedirect: false };
}

function locationText(server: IngressServer, l: IngressLocation): string {
  if (server.regex) return `~* "^${l.path}"`;
  return l.exact ? `= ${l.path}` : l.path;
}

function rewrite(l: IngressLocation, uri: string): string | undefined {
  const target = annotation(l.ingress, 'rewrite-target');
  if (!target || !needsRewrite(l)) return undefined;
  const m = locationRegex(l.path)?.exec(uri);
  if (!m) return undefined;
  return target.replace(/\$(\d)/g, (_s, n: string) => m[Number(n)] ?? '');
}

function redirectFor(server: IngressServer, sel: Selected, req: IngressRequest, host: string, uri: string, query: string): IngressRedirect | undefined {
  const scheme = req.scheme ?? 'http';
  if (sel.autoRedirect) return { status: 301, location: `${scheme}://${host}${uri}/${query}` };
  if (scheme !== 'http') return undefined;
  const ing = sel.loc.ingress;
  const force = annotation(ing, 'force-ssl-redirect') === 'true';
  const sslRedirect = annotation(ing, 'ssl-redirect') !== 'false';
  if (force || (server.tls && sslRedirect)) return { status: 308, location: `https://${host}${uri}${query}` };
  return undefined;
}

function servedTLS(server: IngressServer, req: IngressRequest): IngressTLS | undefined {
  if (server.tls) return server.tls;
  if (req.scheme !== 'https') return undefined;
  return { certificate: 'fake', reason: `No certificate is configured for this host; the controller presents its default certificate (${FAKE_CERTIFICATE_CN})` };
}

/** What the controller of `className` does with one request, given every Ingress it sees. */
export function routeIngress(ingresses: KubeObject[], req: IngressRequest, className?: string, opts: IngressRouteOptions = {}): IngressRoute {
  return routeThroughServers(buildIngressServers(servedIngresses(ingresses, className ?? req.ingressClass, opts.ingressClasses), opts), req, opts);
}

/** The Ingresses the controller of `className` serves (all of them without a class). */
export function servedIngresses(ingresses: KubeObject[], className: string | undefined, classes?: KubeObject[]): KubeObject[] {
  return className === undefined ? ingresses : ingresses.filter((i) => isIngressOfClass(i, className, classes));
}

/** Match one request against a table built by buildIngressServers (for callers that keep the table between requests). */
export function routeThroughServers(servers: IngressServer[], req: IngressRequest, opts: IngressRouteOptions = {}): IngressRoute {
  const server = selectServer(servers, req.host);
  const q = req.path.search(/[?#]/);
  const rawPath = q < 0 ? req.path : req.path.slice(0, q);
  const query = q < 0 ? '' : req.path.slice(q).replace(/#.*$/, '');
  const uri = normalizeURIPath(rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
  const host = req.host.toLowerCase().replace(/:\d+$/, '');
  const tls = servedTLS(server, req);
  const sel = selectLocation(server, uri);
  if (!sel) return { matched: false, status: 404, reason: DEFAULT_BACKEND_404, body: NGINX_404_BODY, tls };
  const redirect = redirectFor(server, sel, req, host, uri, query);
  const { loc } = sel;
  if (!loc.backend || !loc.ingress) return { matched: false, status: 404, reason: DEFAULT_BACKEND_404, body: NGINX_404_BODY, tls, ...(redirect && { redirect }) };
  const namespace = loc.ingress.metadata.namespace ?? 'default';
  const route: IngressRouteMatch = {
    matched: true,
    ingress: { namespace, name: loc.ingress.metadata.name ?? '' },
    rule: { host: loc.ruleHost === DEFAULT_SERVER ? undefined : loc.ruleHost },
    path: loc.fromDefaultBackend ? undefined : { path: loc.ingressPath ?? loc.path, pathType: loc.pathType ?? 'Prefix' },
    backend: loc.backend,
    namespace,
    tls,
    defaultBackend: loc.fromDefaultBackend,
    location: locationText(server, loc),
  };
  if (redirect) route.redirect = redirect;
  const rewritten = server.regex ? rewrite(loc, uri) : undefined;
  if (rewritten !== undefined) route.rewrittenPath = rewritten;
  if (redirect) return route;
  return checkUpstream(route, opts);
}

/** ingress-nginx answers 503 when the upstream has no endpoints (or the Service is missing). */
function checkUpstream(route: IngressRouteMatch, opts: IngressRouteOptions): IngressRoute {
  if (!('service' in route.backend)) return route;
  const { name, port } = route.backend.service;
  const key = `${route.namespace}/${name}`;
  if (opts.hasService && !opts.hasService(route.namespace, name)) {
    return { matched: false, status: 503, reason: `Error obtaining Endpoints for Service "${key}": no object matching key "${key}" in local store`, body: NGINX_503_BODY, tls: route.tls, route };
  }
  if (opts.hasEndpoints && !opts.hasEndpoints(route.namespace, name, port)) {
    return { matched: false, status: 503, reason: `Service "${key}" does not have any active Endpoint.`, body: NGINX_503_BODY, tls: route.tls, route };
  }
  return route;
}
