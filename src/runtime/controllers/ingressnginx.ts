// The ingress-nginx controller's control loop (kubernetes/ingress-nginx
// internal/ingress/controller/store and internal/ingress/status). It acts
// only while a controller pod's process runs, as the real one lives in that
// pod: each process lists the Ingresses of its class when it starts and
// reports `Sync  Scheduled for sync` on each (and on every later change), and
// `RELOAD` on its own pod when the nginx configuration changes. The leader
// (the oldest running process) publishes the controller Service's
// LoadBalancer address into every Ingress's status at start and then every
// 60 s, which is why `kubectl get ing` shows ADDRESS only after a while.
// Routing itself is network/ingress.ts; this file also wires it to the API.
import type { ApiServer } from '../api/apiserver';
import { asArray, isObject, type KubeObject } from '../api/types';
import type { TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import {
  buildIngressServers,
  isIngressOfClass,
  routeThroughServers,
  servedIngresses,
  type IngressRequest,
  type IngressRoute,
  type IngressRouteOptions,
  type IngressServer,
  type ServiceBackendPort,
} from '../network/ingress';
import { Controller } from './controller';
import { nodeNameOf, podPhase } from './podutil';
import { nodeCondition } from './taints';

export const INGRESS_NGINX_NAMESPACE = 'ingress-nginx';
/** The Deployment, Service and ConfigMap of the add-on share this name. */
export const INGRESS_NGINX_CONTROLLER = 'ingress-nginx-controller';
export const INGRESS_NGINX_CLASS = 'nginx';
export const INGRESS_NGINX_CONTROLLER_CLASS = 'k8s.io/ingress-nginx';
export const INGRESS_NGINX_VERSION = '1.13.3';
export const INGRESS_NGINX_IMAGE = `registry.k8s.io/ingress-nginx/controller:v${INGRESS_NGINX_VERSION}`;
/** status.UpdateInterval. */
export const STATUS_UPDATE_INTERVAL_MS = 60_000;
/** The EventSource component of the controller's recorder. */
export const INGRESS_NGINX_COMPONENT = 'nginx-ingress-controller';

const POD_SELECTOR = 'app.kubernetes.io/name=ingress-nginx,app.kubernetes.io/component=controller';

interface Instance {
  id: string;
  pod: KubeObject;
  startedAt: string;
  recorder: EventRecorder;
}

export class IngressNginxController extends Controller {
  readonly name = 'ingress-nginx-controller';
  private instances = new Map<string, Instance>();
  private leader?: string;
  private statusTimer?: TimerId;
  /** resourceVersion of each served Ingress the running processes have seen. */
  private seen = new Map<string, string>();
  private hostingNodes = new Set<string>();
  private configSignature = '';

  start(): this {
    this.watch('pods', () => 'instances', (o) => o.metadata.namespace === INGRESS_NGINX_NAMESPACE);
    this.watch('nodes', (o) => (this.hostingNodes.has(o.metadata.name ?? '') ? 'instances' : undefined));
    this.watch('ingresses', (o) => `ingress/${o.metadata.namespace ?? ''}/${o.metadata.name ?? ''}`);
    return this;
  }

  override stop(): void {
    super.stop();
    if (this.statusTimer !== undefined) this.clock.cancelTimer(this.statusTimer);
  }

  protected reconcile(key: string): void {
    if (key === 'instances') this.syncInstances();
    else this.syncIngress(key.slice('ingress/'.length));
  }

  private classes(): KubeObject[] {
    return this.api.list('ingressclasses').items;
  }

  /** Ingresses this controller serves (store.GetIngressClass with --ingress-class=nginx). */
  private served(classes = this.classes()): KubeObject[] {
    return this.api.list('ingresses').items.filter((i) => isIngressOfClass(i, INGRESS_NGINX_CLASS, classes));
  }

  // ---- controller processes --------------------------------------------------

  private controllerPods(): KubeObject[] {
    return this.api.list('pods', { namespace: INGRESS_NGINX_NAMESPACE, labelSelector: POD_SELECTOR }).items;
  }

  /** The `controller` container's start time, while its process runs on a Ready node and was not told to stop. */
  private processStart(pod: KubeObject): string | undefined {
    if (podPhase(pod) !== 'Running' || pod.metadata.deletionTimestamp) return undefined;
    const node = nodeNameOf(pod);
    const n = node ? this.api.tryGet('nodes', node) : undefined;
    if (!n || nodeCondition(n, 'Ready')?.status !== 'True') return undefined;
    const statuses = asArray(isObject(pod.status) ? pod.status.containerStatuses : undefined).filter(isObject);
    const running = statuses.map((s) => (isObject(s.state) && isObject(s.state.running) ? s.state.running.startedAt : undefined)).find((t) => typeof t === 'string');
    return typeof running === 'string' ? running : undefined;
  }

  private syncInstances(): void {
    const pods = this.controllerPods();
    this.hostingNodes = new Set(pods.map(nodeNameOf).filter((n): n is string => n !== undefined));
    const current = new Map<string, { pod: KubeObject; startedAt: string }>();
    for (const pod of pods) {
      const startedAt = this.processStart(pod);
      if (startedAt) current.set(`${pod.metadata.uid ?? ''}/${startedAt}`, { pod, startedAt });
    }
    for (const id of [...this.instances.keys()]) {
      if (current.has(id)) continue;
      if (this.leader === id) this.stopLeading(pods);
      this.instances.delete(id);
    }
    for (const [id, { pod, startedAt }] of current) {
      if (this.instances.has(id)) continue;
      const inst: Instance = { id, pod, startedAt, recorder: new EventRecorder(this.api, { component: INGRESS_NGINX_COMPONENT }) };
      this.instances.set(id, inst);
      this.processStarted(inst);
    }
    if (this.leader === undefined && this.instances.size > 0) this.startLeading();
    if (this.instances.size === 0) this.seen.clear();
  }

  /** A new process: its informers list everything (an event per served Ingress) and nginx loads its first configuration. */
  private processStarted(inst: Instance): void {
    const cm = this.api.tryGet('configmaps', INGRESS_NGINX_CONTROLLER, INGRESS_NGINX_NAMESPACE);
    if (cm) inst.recorder.event(cm, 'Normal', 'CREATE', `ConfigMap ${INGRESS_NGINX_NAMESPACE}/${INGRESS_NGINX_CONTROLLER}`);
    const classes = this.classes();
    for (const ing of this.served(classes)) {
      inst.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
      this.seen.set(ingressKey(ing), ing.metadata.resourceVersion ?? '');
    }
    this.configSignature = this.signature(classes);
    inst.recorder.event(inst.pod, 'Normal', 'RELOAD', 'NGINX reload triggered due to a change in configuration');
  }

  private syncIngress(key: string): void {
    if (this.instances.size === 0) return;
    const [namespace, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const ing = this.api.tryGet('ingresses', name, namespace);
    const classes = this.classes();
    if (!ing || !isIngressOfClass(ing, INGRESS_NGINX_CLASS, classes)) this.seen.delete(key);
    else if (this.seen.get(key) !== ing.metadata.resourceVersion) {
      this.seen.set(key, ing.metadata.resourceVersion ?? '');
      for (const inst of this.instances.values()) inst.recorder.event(ing, 'Normal', 'Sync', 'Scheduled for sync');
    }
    this.reloadIfChanged(classes);
  }

  /** What nginx.conf is made of: hosts, locations, backends and certificates (endpoints are dynamic, no reload). */
  private signature(classes: KubeObject[]): string {
    const servers = buildIngressServers(this.served(classes), { hasTLSSecret: (ns, n) => hasTLSSecret(this.api, ns, n) });
    return JSON.stringify(
      servers.map((s) => [s.hostname, s.regex, s.tls, s.locations.map((l) => [l.path, l.exact, l.backend, l.ingress?.metadata.uid])]),
    );
  }

  private reloadIfChanged(classes: KubeObject[]): void {
    const next = this.signature(classes);
    if (next === this.configSignature) return;
    this.configSignature = next;
    for (const inst of this.instances.values()) inst.recorder.event(inst.pod, 'Normal', 'RELOAD', 'NGINX reload triggered due to a change in configuration');
  }

  // ---- status (leader only) ---------------------------------------------------

  private startLeading(): void {
    const oldest = [...this.instances.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id))[0];
    this.leader = oldest.id;
    this.syncStatus();
    this.scheduleStatus();
  }

  private scheduleStatus(): void {
    this.statusTimer = this.clock.setTimer(
      STATUS_UPDATE_INTERVAL_MS,
      () => {
        this.syncStatus();
        this.scheduleStatus();
      },
      true,
    );
  }

  /**
   * statusSync.Shutdown: a leader told to stop clears the address it
   * published, unless another controller pod exists to take over. A process
   * that just died (its node lost) gets no say and leaves the status as is.
   */
  private stopLeading(pods: KubeObject[]): void {
    if (this.statusTimer !== undefined) this.clock.cancelTimer(this.statusTimer);
    this.statusTimer = undefined;
    const leader = this.leader ? this.instances.get(this.leader) : undefined;
    this.leader = undefined;
    const pod = leader && pods.find((p) => p.metadata.uid === leader.pod.metadata.uid);
    const node = pod && nodeNameOf(pod);
    const nodeReady = node !== undefined && nodeCondition(this.api.tryGet('nodes', node) ?? { apiVersion: 'v1', kind: 'Node', metadata: {} }, 'Ready')?.status === 'True';
    if (pod?.metadata.deletionTimestamp && nodeReady && pods.length <= 1) this.publish([]);
  }

  private syncStatus(): void {
    const svc = this.api.tryGet('services', INGRESS_NGINX_CONTROLLER, INGRESS_NGINX_NAMESPACE);
    if (!svc) return;
    this.publish(statusAddressFromService(svc));
  }

  /** updateStatus: write the addresses into every served Ingress whose status differs. */
  private publish(addresses: Record<string, string>[]): void {
    const want = sortAddresses(addresses);
    for (const ing of this.served()) {
      const status = isObject(ing.status) ? ing.status : {};
      const lb = isObject(status.loadBalancer) ? status.loadBalancer : {};
      const current = sortAddresses(asArray(lb.ingress).filter(isObject).map((a) => ({ ...(typeof a.ip === 'string' && { ip: a.ip }), ...(typeof a.hostname === 'string' && { hostname: a.hostname }) })));
      if (JSON.stringify(current) === JSON.stringify(want)) continue;
      try {
        this.api.updateStatus({ ...ing, status: { ...status, loadBalancer: want.length ? { ingress: want } : {} } }, { trusted: true });
      } catch {
        // The next periodic sync retries, as upstream only logs the error.
      }
    }
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function ingressKey(ing: KubeObject): string {
  return `${ing.metadata.namespace ?? ''}/${ing.metadata.name ?? ''}`;
}

/** statusAddressFromService (--publish-service): what the Service exposes, by type. */
export function statusAddressFromService(svc: KubeObject): Record<string, string>[] {
  const spec = isObject(svc.spec) ? svc.spec : {};
  const externalIPs = asArray(spec.externalIPs).filter((ip): ip is string => typeof ip === 'string');
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  switch (spec.type) {
    case 'ExternalName':
      return [{ hostname: str(spec.externalName) }];
    case 'NodePort':
      return externalIPs.length ? externalIPs.map((ip) => ({ ip })) : [{ ip: clusterIP }];
    case 'LoadBalancer': {
      const status = isObject(svc.status) && isObject(svc.status.loadBalancer) ? svc.status.loadBalancer : {};
      const out: Record<string, string>[] = asArray(status.ingress)
        .filter(isObject)
        .map((a): Record<string, string> => (typeof a.ip === 'string' && a.ip ? { ip: a.ip } : { hostname: str(a.hostname) }));
      for (const ip of externalIPs) if (!out.some((a) => a.ip === ip || a.hostname === ip)) out.push({ ip });
      return out;
    }
    default:
      return [{ ip: clusterIP }];
  }
}

/** lessLoadBalancerIngress: by hostname, then IP. */
function sortAddresses(list: Record<string, string>[]): Record<string, string>[] {
  return [...list].sort((a, b) => (a.hostname ?? '').localeCompare(b.hostname ?? '') || (a.ip ?? '').localeCompare(b.ip ?? ''));
}

// ---- routing against the live API ------------------------------------------------

/** A usable TLS Secret holds tls.crt and tls.key (ingress-nginx's syncSecret). */
export function hasTLSSecret(api: ApiServer, namespace: string, name: string): boolean {
  const s = api.tryGet('secrets', name, namespace);
  const data = s && isObject(s.data) ? s.data : {};
  return typeof data['tls.crt'] === 'string' && typeof data['tls.key'] === 'string';
}

/** serviceEndpoints: the Service port an Ingress backend means (by number, target port or name). */
function servicePortFor(svc: KubeObject, port: ServiceBackendPort): Record<string, unknown> | undefined {
  const want = port.number !== undefined ? String(port.number) : (port.name ?? '');
  const ports = asArray(isObject(svc.spec) ? svc.spec.ports : undefined).filter(isObject);
  return ports.find((p) => String(p.port) === want || (typeof p.targetPort === 'number' ? String(p.targetPort) : str(p.targetPort)) === want || p.name === want);
}

/** Ready endpoints from the Service's EndpointSlices (a nil ready condition counts as ready), else its Endpoints. */
export function hasReadyEndpoints(api: ApiServer, namespace: string, service: string, port: ServiceBackendPort): boolean {
  const svc = api.tryGet('services', service, namespace);
  if (!svc) return false;
  if (isObject(svc.spec) && svc.spec.type === 'ExternalName') return true;
  const sp = servicePortFor(svc, port);
  if (!sp) return false;
  const portName = typeof sp.name === 'string' ? sp.name : '';
  const slices = api.list('endpointslices', { namespace, labelSelector: `kubernetes.io/service-name=${service}` }).items;
  if (slices.length > 0) {
    return slices.some(
      (s) =>
        asArray(s.ports).some((p) => isObject(p) && (p.name ?? '') === portName) &&
        asArray(s.endpoints).some((e) => isObject(e) && !(isObject(e.conditions) && e.conditions.ready === false)),
    );
  }
  const ep = api.tryGet('endpoints', service, namespace);
  return asArray(ep?.subsets).some((s) => isObject(s) && asArray(s.addresses).length > 0 && asArray(s.ports).some((p) => isObject(p) && (p.name ?? '') === portName));
}

export function ingressRouteOptions(api: ApiServer): IngressRouteOptions {
  return {
    ingressClasses: api.list('ingressclasses').items,
    hasTLSSecret: (ns, name) => hasTLSSecret(api, ns, name),
    hasService: (ns, name) => api.tryGet('services', name, ns) !== undefined,
    hasEndpoints: (ns, name, port) => hasReadyEndpoints(api, ns, name, port),
  };
}

interface RoutingSnapshot {
  revision: string;
  servers: IngressServer[];
  opts: IngressRouteOptions;
}

/** The table only changes with the store: traffic simulations route thousands of requests against one snapshot. */
const snapshots = new WeakMap<ApiServer, RoutingSnapshot>();

function routingSnapshot(api: ApiServer): RoutingSnapshot {
  const cached = snapshots.get(api);
  if (cached && cached.revision === String(api.store.currentRevision())) return cached;
  const ingresses = api.list('ingresses');
  const base = ingressRouteOptions(api);
  const endpoints = new Map<string, boolean>();
  const opts: IngressRouteOptions = {
    ...base,
    hasEndpoints: (ns, name, port) => {
      const key = `${ns}/${name}/${port.number ?? ''}/${port.name ?? ''}`;
      let ok = endpoints.get(key);
      if (ok === undefined) endpoints.set(key, (ok = hasReadyEndpoints(api, ns, name, port)));
      return ok;
    },
  };
  const servers = buildIngressServers(servedIngresses(ingresses.items, INGRESS_NGINX_CLASS, base.ingressClasses), opts);
  const snapshot = { revision: ingresses.resourceVersion, servers, opts };
  snapshots.set(api, snapshot);
  return snapshot;
}

/** What the add-on's controller answers to one request, from the cluster's current state. */
export function routeThroughIngressNginx(api: ApiServer, req: IngressRequest): IngressRoute {
  const { servers, opts } = routingSnapshot(api);
  return routeThroughServers(servers, req, opts);
}

// ---- the add-on's objects --------------------------------------------------------

function labels(component?: string): Record<string, string> {
  return {
    ...(component && { 'app.kubernetes.io/component': component }),
    'app.kubernetes.io/instance': 'ingress-nginx',
    'app.kubernetes.io/name': 'ingress-nginx',
    'app.kubernetes.io/part-of': 'ingress-nginx',
    'app.kubernetes.io/version': INGRESS_NGINX_VERSION,
  };
}

const SELECTOR = { 'app.kubernetes.io/component': 'controller', 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' };

const healthz = (failureThreshold: number): Record<string, unknown> => ({
  failureThreshold,
  httpGet: { path: '/healthz', port: 10254, scheme: 'HTTP' },
  initialDelaySeconds: 10,
  periodSeconds: 10,
  successThreshold: 1,
  timeoutSeconds: 1,
});

function controllerDeployment(): KubeObject {
  const meta = { name: INGRESS_NGINX_CONTROLLER, namespace: INGRESS_NGINX_NAMESPACE, labels: labels('controller') };
  const container = {
    name: 'controller',
    image: INGRESS_NGINX_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    lifecycle: { preStop: { exec: { command: ['/wait-shutdown'] } } },
    args: [
      '/nginx-ingress-controller',
      `--publish-service=$(POD_NAMESPACE)/${INGRESS_NGINX_CONTROLLER}`,
      '--election-id=ingress-nginx-leader',
      `--controller-class=${INGRESS_NGINX_CONTROLLER_CLASS}`,
      `--ingress-class=${INGRESS_NGINX_CLASS}`,
      `--configmap=$(POD_NAMESPACE)/${INGRESS_NGINX_CONTROLLER}`,
    ],
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 101,
      runAsGroup: 82,
      allowPrivilegeEscalation: false,
      seccompProfile: { type: 'RuntimeDefault' },
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      readOnlyRootFilesystem: false,
    },
    env: [
      { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
      { name: 'LD_PRELOAD', value: '/usr/local/lib/libmimalloc.so' },
    ],
    livenessProbe: healthz(5),
    readinessProbe: healthz(3),
    ports: [
      { name: 'http', containerPort: 80, protocol: 'TCP' },
      { name: 'https', containerPort: 443, protocol: 'TCP' },
    ],
    resources: { requests: { cpu: '100m', memory: '90Mi' } },
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta,
    spec: {
      minReadySeconds: 0,
      revisionHistoryLimit: 10,
      selector: { matchLabels: SELECTOR },
      template: {
        metadata: { labels: labels('controller') },
        spec: {
          automountServiceAccountToken: true,
          containers: [container],
          dnsPolicy: 'ClusterFirst',
          nodeSelector: { 'kubernetes.io/os': 'linux' },
          serviceAccountName: 'ingress-nginx',
          terminationGracePeriodSeconds: 300,
        },
      },
    },
  };
}

/**
 * The add-on as the official cloud manifest (deploy/static/provider/cloud)
 * creates it, keeping what routing needs: no RBAC (the sandbox does not
 * authorise) and no admission webhook (its certgen Jobs, Service and
 * ValidatingWebhookConfiguration), so the controller runs without the
 * webhook flags, port 8443 and the webhook-cert volume.
 */
export function ingressNginxObjects(): KubeObject[] {
  const ns = INGRESS_NGINX_NAMESPACE;
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'app.kubernetes.io/instance': 'ingress-nginx', 'app.kubernetes.io/name': 'ingress-nginx' } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'ingress-nginx', namespace: ns, labels: labels('controller') }, automountServiceAccountToken: true },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: INGRESS_NGINX_CONTROLLER, namespace: ns, labels: labels('controller') } },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: INGRESS_NGINX_CONTROLLER, namespace: ns, labels: labels('controller') },
      spec: {
        externalTrafficPolicy: 'Local',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [
          { appProtocol: 'http', name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' },
          { appProtocol: 'https', name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' },
        ],
        selector: SELECTOR,
        type: 'LoadBalancer',
      },
    },
    controllerDeployment(),
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: INGRESS_NGINX_CLASS, labels: labels('controller'), annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: INGRESS_NGINX_CONTROLLER_CLASS },
    },
  ];
}
