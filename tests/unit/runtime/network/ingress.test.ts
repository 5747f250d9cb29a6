// ingress-nginx routing: the server/location table it builds from Ingresses
// and how nginx matches a request against it. Expected behaviour follows
// ingress-nginx v1.13 (controller.go, template.go) and nginx's location rules.
import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { asArray, isObject, type KubeObject } from '../../../../src/runtime/api/types';
import { createCluster, eventsFor, type Cluster } from '../../../../src/runtime/index';
import { INGRESS_NGINX_CONTROLLER, routeThroughIngressNginx, STATUS_UPDATE_INTERVAL_MS, statusAddressFromService } from '../../../../src/runtime/controllers/ingressnginx';
import {
  buildIngressServers,
  DEFAULT_BACKEND_404,
  isIngressOfClass,
  locationRegex,
  NGINX_404_BODY,
  NGINX_503_BODY,
  normalizeURIPath,
  routeIngress,
  type IngressRequest,
  type IngressRoute,
  type IngressRouteOptions,
} from '../../../../src/runtime/network/ingress';

const FIXTURES = new URL('../../../../../shared/fixtures/k8s-examples/', import.meta.url);
const fixture = (path: string): KubeObject => load(readFileSync(new URL(path, FIXTURES), 'utf8')) as KubeObject;

interface PathSpec {
  path?: string;
  pathType?: string;
  service: string;
  port?: number | string;
}

interface IngressOpts {
  namespace?: string;
  created?: string;
  annotations?: Record<string, string>;
  className?: string | null;
  defaultBackend?: string;
  tls?: { hosts?: string[]; secretName?: string }[];
}

const backend = (service: string, port: number | string = 80): Record<string, unknown> => ({
  service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } },
});

/** An Ingress with one rule per host; `host: ''` is a rule without host. */
function ingress(name: string, rules: Record<string, PathSpec[]>, o: IngressOpts = {}): KubeObject {
  const spec: Record<string, unknown> = {
    rules: Object.entries(rules).map(([host, paths]) => ({
      ...(host && { host }),
      http: { paths: paths.map((p) => ({ path: p.path ?? '/', pathType: p.pathType ?? 'Prefix', backend: backend(p.service, p.port) })) },
    })),
  };
  if (o.className !== null) spec.ingressClassName = o.className ?? 'nginx';
  if (o.defaultBackend) spec.defaultBackend = backend(o.defaultBackend);
  if (o.tls) spec.tls = o.tls;
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: o.namespace ?? 'default', creationTimestamp: o.created ?? '2026-01-01T00:00:00Z', ...(o.annotations && { annotations: o.annotations }) },
    spec,
  };
}

const nginxClass = (name = 'nginx', isDefault = true, controller = 'k8s.io/ingress-nginx'): KubeObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'IngressClass',
  metadata: { name, creationTimestamp: '2026-01-01T00:00:00Z', ...(isDefault && { annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } }) },
  spec: { controller },
});

const req = (host: string, path: string, scheme: 'http' | 'https' = 'http'): IngressRequest => ({ host, path, scheme });

/** Service name the request reaches, or the status nginx answers itself. */
function target(r: IngressRoute): string | number {
  if (!r.matched) return r.status;
  return 'service' in r.backend ? r.backend.service.name : `${r.backend.resource.kind}/${r.backend.resource.name}`;
}

const route = (ings: KubeObject[], r: IngressRequest, opts?: IngressRouteOptions): IngressRoute => routeIngress(ings, r, 'nginx', opts);

describe('the articles example: two hosts on one controller', () => {
  const sphinx = ingress('sphinx', {
    'sphinx-v1.esxcloud.net': [{ service: 'sphinx-svc-1' }],
    'sphinx-v2.esxcloud.net': [{ service: 'sphinx-svc-2' }],
  });

  it('routes each host to its own Service, whatever the path', () => {
    for (const path of ['/', '/index.html', '/docs/a/b?x=1']) {
      expect(target(route([sphinx], req('sphinx-v1.esxcloud.net', path)))).toBe('sphinx-svc-1');
      expect(target(route([sphinx], req('sphinx-v2.esxcloud.net', path)))).toBe('sphinx-svc-2');
    }
  });

  it('reports the Ingress, rule, path and nginx location that matched', () => {
    expect(route([sphinx], req('SPHINX-V2.esxcloud.net:80', '/x'))).toEqual({
      matched: true,
      ingress: { namespace: 'default', name: 'sphinx' },
      rule: { host: 'sphinx-v2.esxcloud.net' },
      path: { path: '/', pathType: 'Prefix' },
      backend: { service: { name: 'sphinx-svc-2', port: { number: 80 } } },
      namespace: 'default',
      tls: undefined,
      defaultBackend: false,
      location: '/',
    });
  });

  it('answers any other host from the controller default backend', () => {
    const r = route([sphinx], req('10.140.0.200', '/'));
    expect(r).toEqual({ matched: false, status: 404, reason: DEFAULT_BACKEND_404, body: NGINX_404_BODY, tls: undefined });
    expect(NGINX_404_BODY).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
  });

  it('gives the same table when each host has its own Ingress', () => {
    const v1 = ingress('sphinx-v1', { 'sphinx-v1.esxcloud.net': [{ service: 'sphinx-svc-1' }] });
    const v2 = ingress('sphinx-v2', { 'sphinx-v2.esxcloud.net': [{ service: 'sphinx-svc-2' }] });
    expect(target(route([v1, v2], req('sphinx-v1.esxcloud.net', '/')))).toBe('sphinx-svc-1');
    expect(target(route([v1, v2], req('sphinx-v2.esxcloud.net', '/')))).toBe('sphinx-svc-2');
    expect(buildIngressServers([v1, v2]).map((s) => s.hostname)).toEqual(['_', 'sphinx-v1.esxcloud.net', 'sphinx-v2.esxcloud.net']);
  });
});

describe('hosts', () => {
  const ings = [
    ingress('wild', { '*.foo.com': [{ service: 'wild' }] }),
    ingress('exact', { 'a.foo.com': [{ service: 'exact' }] }),
    ingress('nohost', { '': [{ path: '/nohost', service: 'nohost' }] }),
  ];

  it('a wildcard matches exactly one label, and an exact host wins over it', () => {
    expect(target(route(ings, req('b.foo.com', '/')))).toBe('wild');
    expect(target(route(ings, req('a.foo.com', '/')))).toBe('exact');
    expect(target(route(ings, req('foo.com', '/')))).toBe(404);
    expect(target(route(ings, req('x.b.foo.com', '/')))).toBe(404);
  });

  it('a rule without host belongs to the catch-all server, for any Host header', () => {
    expect(target(route(ings, req('unknown.example', '/nohost/x')))).toBe('nohost');
    expect(target(route(ings, req('b.foo.com', '/nohost')))).toBe('wild');
    const r = route(ings, req('unknown.example', '/nohost'));
    expect(r.matched && r.rule.host).toBeUndefined();
  });
});

describe('paths', () => {
  const ing = ingress('paths', {
    'shop.example': [
      { path: '/', service: 'root' },
      { path: '/api', service: 'api-prefix' },
      { path: '/api', pathType: 'Exact', service: 'api-exact' },
      { path: '/api/v1', service: 'v1' },
      { path: '/static/', service: 'static' },
      { path: '/docs', pathType: 'Exact', service: 'docs' },
    ],
  });
  const at = (path: string): string | number => target(route([ing], req('shop.example', path)));

  it('Prefix matches element-wise on / boundaries', () => {
    expect(at('/api/')).toBe('api-prefix');
    expect(at('/api/users')).toBe('api-prefix');
    expect(at('/apix')).toBe('root');
    expect(at('/api/v1')).toBe('v1');
    expect(at('/api/v1/pods')).toBe('v1');
    expect(at('/api/v10')).toBe('api-prefix');
  });

  it('Exact beats Prefix at the same path, and matches nothing else', () => {
    expect(at('/api')).toBe('api-exact');
    expect(at('/docs')).toBe('docs');
    expect(at('/docs/')).toBe('root');
  });

  it('the longest matching path wins', () => {
    expect(at('/static/css/site.css')).toBe('static');
    expect(at('/')).toBe('root');
  });

  it('nginx normalises the URI before matching and ignores the query', () => {
    expect(at('//api//v1/./x/../y?q=/docs')).toBe('v1');
    expect(normalizeURIPath('/a/./b/../c//')).toBe('/a/c/');
    expect(normalizeURIPath('/..')).toBe('/');
  });

  it('a Prefix path ending in / answers the path without the slash with a 301', () => {
    const r = route([ing], req('shop.example', '/static?v=2'));
    expect(r.matched && r.redirect).toEqual({ status: 301, location: 'http://shop.example/static/?v=2' });
    expect(r.matched && r.location).toBe('/static/');
  });

  it('Prefix /api becomes the nginx locations "/api/" and "= /api" unless an Exact /api exists', () => {
    const servers = buildIngressServers([ing]);
    const shop = servers.find((s) => s.hostname === 'shop.example');
    expect(shop?.locations.map((l) => (l.exact ? `= ${l.path}` : l.path))).toEqual(['/static/', '= /static/', '/api/v1/', '= /api/v1', '= /docs', '/api/', '= /api', '/']);
  });

  it('ImplementationSpecific is treated as Prefix (ingress-nginx rewrites the path type)', () => {
    const is = ingress('is', { 'is.example': [{ path: '/foo', pathType: 'ImplementationSpecific', service: 'foo' }] });
    const at2 = (p: string): string | number => target(route([is], req('is.example', p)));
    expect(at2('/foo')).toBe('foo');
    expect(at2('/foo/bar')).toBe('foo');
    expect(at2('/foobar')).toBe(404);
    const r = route([is], req('is.example', '/foo'));
    expect(r.matched && r.path).toEqual({ path: '/foo', pathType: 'ImplementationSpecific' });
  });

  it('use-regex turns every path of the host into a case-insensitive regex, longest first', () => {
    const re = ingress('re', { 're.example': [{ path: '/api/v[0-9]+', pathType: 'ImplementationSpecific', service: 'versioned' }] }, { annotations: { 'nginx.ingress.kubernetes.io/use-regex': 'true' } });
    const plain = ingress('plain', { 're.example': [{ path: '/exact', pathType: 'Exact', service: 'exact' }] }, { created: '2026-01-01T00:00:05Z' });
    const at3 = (p: string): string | number => target(route([re, plain], req('re.example', p)));
    expect(at3('/API/v2/pods')).toBe('versioned');
    expect(at3('/api/vx')).toBe(404);
    // The other Ingress's Exact path is now `~* "^/exact"` too: the well-known use-regex surprise.
    expect(at3('/exactly')).toBe('exact');
    const r = route([re, plain], req('re.example', '/api/v1'));
    expect(r.matched && r.location).toBe('~* "^/api/v[0-9]+"');
  });

  it('rewrite-target rewrites the upstream URI with the regex groups', () => {
    const rw = ingress('rw', { 'rw.example': [{ path: '/something(/|$)(.*)', pathType: 'ImplementationSpecific', service: 'svc' }] }, { annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/$2', 'nginx.ingress.kubernetes.io/use-regex': 'true' } });
    const r = route([rw], req('rw.example', '/something/new/path'));
    expect(r.matched && r.rewrittenPath).toBe('/new/path');
    const bare = route([rw], req('rw.example', '/something'));
    expect(bare.matched && bare.rewrittenPath).toBe('/');
  });

  it('refuses regex paths that could backtrack for ever', () => {
    expect(locationRegex('/(a+)+$')).toBeUndefined();
    expect(locationRegex('/(unclosed')).toBeUndefined();
    expect(locationRegex('/api/v[0-9]+')?.test('/API/v3')).toBe(true);
  });

  it('resource backends are not proxied: the path falls through', () => {
    const ing2 = ingress('res', { 'res.example': [{ service: 'web' }] });
    const rules = (ing2.spec as { rules: { http: { paths: Record<string, unknown>[] } }[] }).rules;
    rules[0].http.paths.push({ path: '/bucket', pathType: 'Prefix', backend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'static-assets' } } });
    expect(target(route([ing2], req('res.example', '/bucket/x')))).toBe('web');
  });
});

describe('default backends', () => {
  it("an Ingress's spec.defaultBackend answers unmatched paths on its hosts", () => {
    const ing = ingress('with-default', { 'app.example': [{ path: '/api', service: 'api' }] }, { defaultBackend: 'fallback' });
    const r = route([ing], req('app.example', '/other'));
    expect(r).toMatchObject({ matched: true, defaultBackend: true, path: undefined, backend: { service: { name: 'fallback' } }, ingress: { name: 'with-default' } });
    expect(target(route([ing], req('app.example', '/api/x')))).toBe('api');
    // Other hosts still get the controller's 404: the default backend belongs to this Ingress's hosts.
    expect(target(route([ing], req('else.example', '/')))).toBe(404);
  });

  it('an Ingress with only a defaultBackend is the catch-all for unknown hosts; the oldest one wins', () => {
    const older = ingress('catch-all', {}, { defaultBackend: 'catcher', created: '2026-01-01T00:00:00Z' });
    const newer = ingress('catch-all-2', {}, { defaultBackend: 'late', created: '2026-01-01T00:01:00Z' });
    const r = route([newer, older], req('nobody.example', '/x'));
    expect(r).toMatchObject({ matched: true, defaultBackend: true, rule: { host: undefined }, backend: { service: { name: 'catcher' } } });
  });
});

describe('several Ingresses merge into one table', () => {
  it('paths from different Ingresses on one host add up', () => {
    const a = ingress('a', { 'm.example': [{ path: '/a', service: 'svc-a' }] });
    const b = ingress('b', { 'm.example': [{ path: '/b', service: 'svc-b' }] });
    expect(target(route([a, b], req('m.example', '/a')))).toBe('svc-a');
    expect(target(route([a, b], req('m.example', '/b/1')))).toBe('svc-b');
  });

  it('the oldest Ingress keeps a duplicate host and path', () => {
    const old = ingress('zz-old', { 'dup.example': [{ path: '/', service: 'old' }] }, { created: '2026-01-01T00:00:00Z' });
    const young = ingress('aa-young', { 'dup.example': [{ path: '/', service: 'young' }] }, { created: '2026-01-01T00:00:30Z' });
    expect(target(route([young, old], req('dup.example', '/')))).toBe('old');
  });

  it('created in the same second, the name that sorts last wins (namespace/name descending)', () => {
    const a = ingress('alpha', { 'tie.example': [{ path: '/', service: 'alpha' }] });
    const b = ingress('beta', { 'tie.example': [{ path: '/', service: 'beta' }] });
    expect(target(route([a, b], req('tie.example', '/')))).toBe('beta');
  });

  it('the same path with another pathType is a separate location', () => {
    const a = ingress('a', { 't.example': [{ path: '/x', service: 'prefix' }] }, { created: '2026-01-01T00:00:00Z' });
    const b = ingress('b', { 't.example': [{ path: '/x', pathType: 'Exact', service: 'exact' }] }, { created: '2026-01-01T00:00:10Z' });
    expect(target(route([a, b], req('t.example', '/x')))).toBe('exact');
    expect(target(route([a, b], req('t.example', '/x/1')))).toBe('prefix');
  });
});

describe('TLS', () => {
  const tlsIng = ingress('secure', { 'secure.example': [{ service: 'web' }], 'other.example': [{ service: 'web' }] }, { tls: [{ hosts: ['secure.example'], secretName: 'secure-tls' }] });
  const withSecret: IngressRouteOptions = { hasTLSSecret: (ns, name) => ns === 'default' && name === 'secure-tls' };

  it('a host listed in spec.tls is served with its Secret, and plain HTTP is redirected with a 308', () => {
    const https = route([tlsIng], req('secure.example', '/a', 'https'), withSecret);
    expect(https).toMatchObject({ matched: true, tls: { secretName: 'secure-tls', certificate: 'secret' } });
    expect(https.matched && https.redirect).toBeUndefined();
    const http = route([tlsIng], req('secure.example', '/a?b=1'), withSecret);
    expect(http.matched && http.redirect).toEqual({ status: 308, location: 'https://secure.example/a?b=1' });
  });

  it('a missing Secret leaves the controller presenting its fake certificate', () => {
    const r = route([tlsIng], req('secure.example', '/', 'https'), { hasTLSSecret: () => false });
    expect(r.matched && r.tls).toEqual({
      secretName: 'secure-tls',
      certificate: 'fake',
      reason: 'Error getting SSL certificate "default/secure-tls": no object matching key "default/secure-tls" in local store. Using default certificate',
    });
  });

  it("another host of an Ingress with a TLS section gets the default certificate (and the redirect)", () => {
    const r = route([tlsIng], req('other.example', '/'), withSecret);
    expect(r.matched && r.tls).toEqual({ certificate: 'fake', reason: 'Host "other.example" is listed in the TLS section but secretName is empty. Using default certificate' });
    expect(r.matched && r.redirect?.status).toBe(308);
  });

  it('ssl-redirect "false" keeps plain HTTP; force-ssl-redirect redirects hosts without TLS', () => {
    const noRedirect = { ...tlsIng, metadata: { ...tlsIng.metadata, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } } };
    const r = route([noRedirect], req('secure.example', '/'), withSecret);
    expect(r.matched && r.redirect).toBeUndefined();
    const forced = ingress('forced', { 'plain.example': [{ service: 'web' }] }, { annotations: { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' } });
    const f = route([forced], req('plain.example', '/x'));
    expect(f.matched && f.redirect).toEqual({ status: 308, location: 'https://plain.example/x' });
  });

  it('HTTPS to a host without TLS gets the fake certificate and no redirect', () => {
    const plain = ingress('plain', { 'plain.example': [{ service: 'web' }] });
    const r = route([plain], req('plain.example', '/', 'https'));
    expect(r.matched && r.tls?.certificate).toBe('fake');
    const h = route([plain], req('plain.example', '/'));
    expect(h.matched && h.tls).toBeUndefined();
  });
});

describe('503 when the backend has nothing to send to', () => {
  const ing = ingress('web', { 'web.example': [{ service: 'web', port: 'http' }] });

  it('no ready endpoints', () => {
    const seen: unknown[] = [];
    const r = route([ing], req('web.example', '/'), {
      hasEndpoints: (ns, svc, port) => {
        seen.push([ns, svc, port]);
        return false;
      },
    });
    expect(seen).toEqual([['default', 'web', { name: 'http' }]]);
    expect(r).toMatchObject({ matched: false, status: 503, reason: 'Service "default/web" does not have any active Endpoint.', body: NGINX_503_BODY, route: { ingress: { name: 'web' } } });
  });

  it('no Service at all', () => {
    const r = route([ing], req('web.example', '/'), { hasService: () => false });
    expect(r).toMatchObject({ matched: false, status: 503, reason: 'Error obtaining Endpoints for Service "default/web": no object matching key "default/web" in local store' });
  });
});

describe('classes', () => {
  const classes = [nginxClass('nginx', true), nginxClass('nginx-internal', false), nginxClass('traefik', false, 'traefik.io/ingress-controller')];

  it('serves ingressClassName of any class with its controller, the annotation, and class-less Ingresses via the default class', () => {
    expect(isIngressOfClass(ingress('a', {}, { className: 'nginx' }), 'nginx', classes)).toBe(true);
    expect(isIngressOfClass(ingress('b', {}, { className: 'nginx-internal' }), 'nginx', classes)).toBe(true);
    expect(isIngressOfClass(ingress('c', {}, { className: 'traefik' }), 'nginx', classes)).toBe(false);
    expect(isIngressOfClass(ingress('d', {}, { className: null, annotations: { 'kubernetes.io/ingress.class': 'nginx' } }), 'nginx', classes)).toBe(true);
    expect(isIngressOfClass(ingress('e', {}, { className: null, annotations: { 'kubernetes.io/ingress.class': 'traefik' } }), 'nginx', classes)).toBe(false);
    expect(isIngressOfClass(ingress('f', {}, { className: null }), 'nginx', classes)).toBe(true);
    expect(isIngressOfClass(ingress('g', {}, { className: null }), 'nginx', [nginxClass('nginx', false)])).toBe(false);
    expect(isIngressOfClass(ingress('h', {}, { className: 'nginx' }), 'nginx', [])).toBe(false);
  });

  it('routing ignores Ingresses of other classes', () => {
    const mine = ingress('mine', { 'x.example': [{ service: 'mine' }] }, { created: '2026-01-01T00:00:10Z' });
    const theirs = ingress('theirs', { 'x.example': [{ service: 'theirs' }] }, { className: 'traefik' });
    expect(target(routeIngress([theirs, mine], req('x.example', '/'), 'nginx', { ingressClasses: classes }))).toBe('mine');
    expect(target(routeIngress([theirs, mine], { ...req('x.example', '/'), ingressClass: 'nginx' }, undefined, { ingressClasses: classes }))).toBe('mine');
  });

  it('the upstream examples: example-ingress (class nginx) routes, minimal-ingress (class nginx-example) does not', () => {
    const example = fixture('service/networking/example-ingress.yaml');
    const minimal = fixture('service/networking/minimal-ingress.yaml');
    const opts = { ingressClasses: classes };
    expect(routeIngress([example, minimal], req('hello-world.example', '/any'), 'nginx', opts)).toMatchObject({ matched: true, backend: { service: { name: 'web', port: { number: 8080 } } } });
    expect(target(routeIngress([example, minimal], req('anything', '/testpath'), 'nginx', opts))).toBe(404);
    expect(target(routeIngress([minimal], req('anything', '/testpath/x'), 'nginx-example', { ingressClasses: [nginxClass('nginx-example', false, 'k8s.io/ingress-nginx')] }))).toBe('test');
  });
});

// ---- the add-on on a full cluster --------------------------------------------------

const SPHINX = ['1', '2']
  .map(
    (v) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: sphinx-v${v}}
spec:
  replicas: 2
  selector: {matchLabels: {app: sphinx-v${v}}}
  template:
    metadata: {labels: {app: sphinx-v${v}}}
    spec:
      containers: [{name: web, image: "nginx:1.27", ports: [{containerPort: 80}]}]
---
apiVersion: v1
kind: Service
metadata: {name: sphinx-svc-${v}}
spec:
  selector: {app: sphinx-v${v}}
  ports: [{port: 80, targetPort: 80}]
---
`,
  )
  .join('')
  .concat(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: sphinx}
spec:
  ingressClassName: nginx
  rules:
  - host: sphinx-v1.esxcloud.net
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: sphinx-svc-1, port: {number: 80}}}}]
  - host: sphinx-v2.esxcloud.net
    http:
      paths: [{path: /, pathType: Prefix, backend: {service: {name: sphinx-svc-2, port: {number: 80}}}}]
`);

function applyOk(c: Cluster, text: string): void {
  for (const r of c.apply(text)) if ('error' in r) throw new Error(r.error);
}

const eventsOf = (c: Cluster, o: KubeObject): { reason: unknown; message: unknown; component: unknown; count: unknown }[] =>
  eventsFor(c.api, o).map((e) => ({ reason: e.reason, message: e.message, component: isObject(e.source) ? e.source.component : undefined, count: e.count }));

const lbAddresses = (o: KubeObject): unknown => (isObject(o.status) && isObject(o.status.loadBalancer) ? o.status.loadBalancer.ingress : undefined);

describe('the ingress-nginx add-on on the default cluster', () => {
  it('installs the controller as the cloud manifest does and starts it', () => {
    const c = createCluster();
    c.settle();
    expect(c.api.get('namespaces', 'ingress-nginx').metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/instance': 'ingress-nginx' });
    const cls = c.api.get('ingressclasses', 'nginx');
    expect(cls.metadata.annotations).toEqual({ 'ingressclass.kubernetes.io/is-default-class': 'true' });
    expect(cls.spec).toEqual({ controller: 'k8s.io/ingress-nginx' });
    const svc = c.api.get('services', 'ingress-nginx-controller', 'ingress-nginx');
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'https', port: 443, targetPort: 'https' }] });
    const pods = c.api.list('pods', { namespace: 'ingress-nginx', labelSelector: 'app.kubernetes.io/component=controller' }).items;
    expect(pods).toHaveLength(1);
    const p = pods[0];
    expect(isObject(p.status) && p.status.phase).toBe('Running');
    expect(isObject(p.spec) && asArray(p.spec.containers).map((x) => isObject(x) && x.image)).toEqual(['registry.k8s.io/ingress-nginx/controller:v1.13.3']);
    const logs = c.kubelet.logs('ingress-nginx', p.metadata.name ?? '').map((l) => l.text);
    expect(logs).toContain('I nginx.go:273] "Starting NGINX Ingress controller"');
    expect(eventsOf(c, p).map((e) => e.reason)).toEqual(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'RELOAD']);
    expect(eventsOf(c, c.api.get('configmaps', 'ingress-nginx-controller', 'ingress-nginx'))).toEqual([
      { reason: 'CREATE', message: 'ConfigMap ingress-nginx/ingress-nginx-controller', component: 'nginx-ingress-controller', count: 1 },
    ]);
  });

  it('the articles example: Sync events, then ADDRESS fills with the controller LoadBalancer IP within a status period', () => {
    const c = createCluster();
    c.settle();
    applyOk(c, SPHINX);
    c.settle();
    const svc = c.api.get('services', 'ingress-nginx-controller', 'ingress-nginx');
    const lb = lbAddresses(svc);
    expect(lb).toEqual([{ ip: expect.stringMatching(/^10\.140\.0\.(2[0-3]\d)$/) as unknown, ipMode: 'VIP' }]);
    const ip = (lb as { ip: string }[])[0].ip;
    let ing = c.api.get('ingresses', 'sphinx');
    expect(eventsOf(c, ing)).toEqual([{ reason: 'Sync', message: 'Scheduled for sync', component: 'nginx-ingress-controller', count: 1 }]);
    // The leader publishes at start and then every 60 s: a fresh Ingress waits for the next round.
    expect(lbAddresses(ing)).toBeUndefined();
    c.advance(STATUS_UPDATE_INTERVAL_MS);
    ing = c.api.get('ingresses', 'sphinx');
    expect(lbAddresses(ing)).toEqual([{ ip }]);
    // The status write is itself a change the controller's informer sees: the recorder folds it (Sync x2).
    expect(eventsOf(c, ing)).toEqual([{ reason: 'Sync', message: 'Scheduled for sync', component: 'nginx-ingress-controller', count: 2 }]);
    for (const [host, svcName] of [['sphinx-v1.esxcloud.net', 'sphinx-svc-1'], ['sphinx-v2.esxcloud.net', 'sphinx-svc-2']]) {
      expect(routeThroughIngressNginx(c.api, { host, path: '/' })).toMatchObject({ matched: true, backend: { service: { name: svcName } } });
    }
    expect(routeThroughIngressNginx(c.api, { host: ip, path: '/' })).toMatchObject({ matched: false, status: 404 });
    // No ready pod behind sphinx-svc-1: the controller answers 503 itself.
    c.api.patch('deployments', 'sphinx-v1', { spec: { replicas: 0 } });
    c.settle();
    expect(routeThroughIngressNginx(c.api, { host: 'sphinx-v1.esxcloud.net', path: '/' })).toMatchObject({
      matched: false,
      status: 503,
      reason: 'Service "default/sphinx-svc-1" does not have any active Endpoint.',
    });
    expect(routeThroughIngressNginx(c.api, { host: 'sphinx-v2.esxcloud.net', path: '/' })).toMatchObject({ matched: true });
  });

  it('presents the TLS Secret of the cluster when it holds a key pair, the fake certificate otherwise', () => {
    const c = createCluster();
    c.settle();
    applyOk(
      c,
      `apiVersion: v1
kind: Secret
metadata: {name: sphinx-tls}
type: kubernetes.io/tls
data: {tls.crt: ${Buffer.from('cert').toString('base64')}, tls.key: ${Buffer.from('key').toString('base64')}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: secure}
spec:
  tls: [{hosts: [a.esxcloud.net], secretName: sphinx-tls}, {hosts: [b.esxcloud.net], secretName: missing-tls}]
  rules:
  - {host: a.esxcloud.net, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: kubernetes, port: {number: 443}}}}]}}
  - {host: b.esxcloud.net, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: kubernetes, port: {number: 443}}}}]}}
`,
    );
    c.settle();
    const a = routeThroughIngressNginx(c.api, { host: 'a.esxcloud.net', path: '/', scheme: 'https' });
    expect(a.matched && a.tls).toEqual({ secretName: 'sphinx-tls', certificate: 'secret' });
    const b = routeThroughIngressNginx(c.api, { host: 'b.esxcloud.net', path: '/', scheme: 'https' });
    expect(b.matched && b.tls).toMatchObject({ secretName: 'missing-tls', certificate: 'fake' });
  });

  it('serves class-less Ingresses through the default class, ignores other classes, and answers 503 without endpoints', () => {
    const c = createCluster();
    c.settle();
    applyOk(
      c,
      `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: classless}
spec:
  rules: [{host: a.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: nothing-here, port: {number: 80}}}}]}}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: theirs}
spec:
  ingressClassName: traefik
  rules: [{host: b.example, http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]
`,
    );
    c.settle();
    c.advance(STATUS_UPDATE_INTERVAL_MS);
    const mine = c.api.get('ingresses', 'classless');
    const theirs = c.api.get('ingresses', 'theirs');
    expect(lbAddresses(mine)).toHaveLength(1);
    expect(lbAddresses(theirs)).toBeUndefined();
    expect(eventsOf(c, theirs)).toEqual([]);
    expect(routeThroughIngressNginx(c.api, { host: 'a.example', path: '/' })).toMatchObject({
      matched: false,
      status: 503,
      reason: 'Error obtaining Endpoints for Service "default/nothing-here": no object matching key "default/nothing-here" in local store',
    });
    expect(routeThroughIngressNginx(c.api, { host: 'b.example', path: '/' })).toMatchObject({ matched: false, status: 404 });
  });

  it('a controller scaled to zero clears the address it published; the pods coming back publish it again', () => {
    const c = createCluster();
    c.settle();
    applyOk(c, SPHINX);
    c.settle();
    c.advance(STATUS_UPDATE_INTERVAL_MS);
    expect(lbAddresses(c.api.get('ingresses', 'sphinx'))).toHaveLength(1);
    c.api.patch('deployments', INGRESS_NGINX_CONTROLLER, { spec: { replicas: 0 } }, { namespace: 'ingress-nginx' });
    c.settle();
    expect(lbAddresses(c.api.get('ingresses', 'sphinx'))).toBeUndefined();
    c.api.patch('deployments', INGRESS_NGINX_CONTROLLER, { spec: { replicas: 1 } }, { namespace: 'ingress-nginx' });
    c.settle();
    expect(lbAddresses(c.api.get('ingresses', 'sphinx'))).toHaveLength(1);
    // Each process reports through its own recorder: the new one lists the Ingress again, then sees its status write.
    expect(eventsOf(c, c.api.get('ingresses', 'sphinx')).map((e) => [e.reason, e.count])).toEqual([
      ['Sync', 2],
      ['Sync', 2],
    ]);
  });

  it('without the add-on nothing answers for Ingresses', () => {
    const c = createCluster({ addons: { ingressNginx: false } });
    c.settle();
    expect(c.api.tryGet('namespaces', 'ingress-nginx')).toBeUndefined();
    expect(c.api.tryGet('ingressclasses', 'nginx')).toBeUndefined();
    applyOk(c, SPHINX);
    c.settle();
    c.advance(STATUS_UPDATE_INTERVAL_MS);
    const ing = c.api.get('ingresses', 'sphinx');
    expect(eventsOf(c, ing)).toEqual([]);
    expect(lbAddresses(ing)).toBeUndefined();
  });
});

describe('statusAddressFromService', () => {
  const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec, status });
  it('publishes what the controller Service exposes, by type', () => {
    expect(statusAddressFromService(svc({ type: 'LoadBalancer', clusterIP: '10.96.0.5' }, { loadBalancer: {} }))).toEqual([]);
    expect(statusAddressFromService(svc({ type: 'LoadBalancer', externalIPs: ['192.0.2.9'] }, { loadBalancer: { ingress: [{ ip: '10.140.0.200' }, { hostname: 'lb.example' }] } }))).toEqual([
      { ip: '10.140.0.200' },
      { hostname: 'lb.example' },
      { ip: '192.0.2.9' },
    ]);
    expect(statusAddressFromService(svc({ type: 'NodePort', clusterIP: '10.96.0.5' }))).toEqual([{ ip: '10.96.0.5' }]);
    expect(statusAddressFromService(svc({ type: 'NodePort', clusterIP: '10.96.0.5', externalIPs: ['192.0.2.1'] }))).toEqual([{ ip: '192.0.2.1' }]);
    expect(statusAddressFromService(svc({ type: 'ClusterIP', clusterIP: '10.96.0.7' }))).toEqual([{ ip: '10.96.0.7' }]);
    expect(statusAddressFromService(svc({ type: 'ExternalName', externalName: 'ingress.example.com' }))).toEqual([{ hostname: 'ingress.example.com' }]);
  });
});
