// The discovery document of a v1.34 apiserver: which group/version/kinds it
// serves, their plural resource names, scope and short names (what
// `kubectl api-resources` prints). CustomResourceDefinitions add entries at run time.

export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name used in URLs and messages: `deployments`. */
  resource: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** Type name in the generated field tree (`V1Deployment`); absent for custom resources. */
  model?: string;
  /** True for kinds that exist only as create-only reviews (no storage): TokenReview … */
  virtual?: boolean;
}

type Row = [kind: string, resource: string, namespaced: boolean, shortNames?: string, model?: string, categories?: string];

const ALL = 'all';

// group/version → rows. Order follows `kubectl api-resources` on a v1.34 cluster.
const BUILTIN: Record<string, Row[]> = {
  v1: [
    ['Binding', 'bindings', true],
    ['ComponentStatus', 'componentstatuses', false, 'cs'],
    ['ConfigMap', 'configmaps', true, 'cm'],
    ['Endpoints', 'endpoints', true, 'ep'],
    ['Event', 'events', true, 'ev', 'CoreV1Event'],
    ['LimitRange', 'limitranges', true, 'limits'],
    ['Namespace', 'namespaces', false, 'ns'],
    ['Node', 'nodes', false, 'no'],
    ['PersistentVolumeClaim', 'persistentvolumeclaims', true, 'pvc'],
    ['PersistentVolume', 'persistentvolumes', false, 'pv'],
    ['Pod', 'pods', true, 'po', undefined, ALL],
    ['PodTemplate', 'podtemplates', true],
    ['ReplicationController', 'replicationcontrollers', true, 'rc', undefined, ALL],
    ['ResourceQuota', 'resourcequotas', true, 'quota'],
    ['Secret', 'secrets', true],
    ['ServiceAccount', 'serviceaccounts', true, 'sa'],
    ['Service', 'services', true, 'svc', undefined, ALL],
  ],
  'admissionregistration.k8s.io/v1': [
    ['MutatingWebhookConfiguration', 'mutatingwebhookconfigurations', false],
    ['ValidatingAdmissionPolicy', 'validatingadmissionpolicies', false],
    ['ValidatingAdmissionPolicyBinding', 'validatingadmissionpolicybindings', false],
    ['ValidatingWebhookConfiguration', 'validatingwebhookconfigurations', false],
  ],
  'apiextensions.k8s.io/v1': [['CustomResourceDefinition', 'customresourcedefinitions', false, 'crd,crds']],
  'apiregistration.k8s.io/v1': [['APIService', 'apiservices', false]],
  'apps/v1': [
    ['ControllerRevision', 'controllerrevisions', true],
    ['DaemonSet', 'daemonsets', true, 'ds', undefined, ALL],
    ['Deployment', 'deployments', true, 'deploy', undefined, ALL],
    ['ReplicaSet', 'replicasets', true, 'rs', undefined, ALL],
    ['StatefulSet', 'statefulsets', true, 'sts', undefined, ALL],
  ],
  'authentication.k8s.io/v1': [
    ['SelfSubjectReview', 'selfsubjectreviews', false],
    ['TokenReview', 'tokenreviews', false],
  ],
  'authorization.k8s.io/v1': [
    ['LocalSubjectAccessReview', 'localsubjectaccessreviews', true],
    ['SelfSubjectAccessReview', 'selfsubjectaccessreviews', false],
    ['SelfSubjectRulesReview', 'selfsubjectrulesreviews', false],
    ['SubjectAccessReview', 'subjectaccessreviews', false],
  ],
  'autoscaling/v2': [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, 'hpa', 'V2HorizontalPodAutoscaler', ALL]],
  'autoscaling/v1': [['HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, 'hpa', 'V1HorizontalPodAutoscaler', ALL]],
  'batch/v1': [
    ['CronJob', 'cronjobs', true, 'cj', undefined, ALL],
    ['Job', 'jobs', true, undefined, undefined, ALL],
  ],
  'certificates.k8s.io/v1': [['CertificateSigningRequest', 'certificatesigningrequests', false, 'csr']],
  'coordination.k8s.io/v1': [['Lease', 'leases', true]],
  'discovery.k8s.io/v1': [['EndpointSlice', 'endpointslices', true]],
  'events.k8s.io/v1': [['Event', 'events', true, 'ev', 'EventsV1Event']],
  'flowcontrol.apiserver.k8s.io/v1': [
    ['FlowSchema', 'flowschemas', false],
    ['PriorityLevelConfiguration', 'prioritylevelconfigurations', false],
  ],
  'networking.k8s.io/v1': [
    ['IngressClass', 'ingressclasses', false],
    ['Ingress', 'ingresses', true, 'ing'],
    ['IPAddress', 'ipaddresses', false, 'ip'],
    ['NetworkPolicy', 'networkpolicies', true, 'netpol'],
    ['ServiceCIDR', 'servicecidrs', false],
  ],
  'node.k8s.io/v1': [['RuntimeClass', 'runtimeclasses', false]],
  'policy/v1': [['PodDisruptionBudget', 'poddisruptionbudgets', true, 'pdb']],
  'rbac.authorization.k8s.io/v1': [
    ['ClusterRoleBinding', 'clusterrolebindings', false],
    ['ClusterRole', 'clusterroles', false],
    ['RoleBinding', 'rolebindings', true],
    ['Role', 'roles', true],
  ],
  'resource.k8s.io/v1': [
    ['DeviceClass', 'deviceclasses', false],
    ['ResourceClaim', 'resourceclaims', true, undefined, 'ResourceV1ResourceClaim'],
    ['ResourceClaimTemplate', 'resourceclaimtemplates', true],
    ['ResourceSlice', 'resourceslices', false],
  ],
  'scheduling.k8s.io/v1': [['PriorityClass', 'priorityclasses', false, 'pc']],
  'storage.k8s.io/v1': [
    ['CSIDriver', 'csidrivers', false],
    ['CSINode', 'csinodes', false],
    ['CSIStorageCapacity', 'csistoragecapacities', true],
    ['StorageClass', 'storageclasses', false, 'sc'],
    ['VolumeAttachment', 'volumeattachments', false],
    ['VolumeAttributesClass', 'volumeattributesclasses', false, 'vac'],
  ],
};

const VIRTUAL = new Set([
  'Binding',
  'SelfSubjectReview',
  'TokenReview',
  'LocalSubjectAccessReview',
  'SelfSubjectAccessReview',
  'SelfSubjectRulesReview',
  'SubjectAccessReview',
]);

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export function apiVersionOf(t: { group: string; version: string }): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** `deployments.apps`, or `pods` for the core group: the name used in NotFound/Conflict messages. */
export function qualifiedResource(t: ResourceType): string {
  return t.group ? `${t.resource}.${t.group}` : t.resource;
}

function builtinTypes(): ResourceType[] {
  const out: ResourceType[] = [];
  for (const [gv, rows] of Object.entries(BUILTIN)) {
    const { group, version } = splitApiVersion(gv);
    for (const [kind, resource, namespaced, short, model, categories] of rows) {
      out.push({
        group,
        version,
        kind,
        resource,
        singular: kind.toLowerCase(),
        namespaced,
        shortNames: short ? short.split(',') : [],
        categories: categories ? categories.split(',') : [],
        model: model ?? `V1${kind}`,
        virtual: VIRTUAL.has(kind) || undefined,
      });
    }
  }
  return out;
}

/**
 * The live discovery set. The first served version of a group is its preferred
 * version (autoscaling/v2 before v1), which is what kubectl resolves short names to.
 */
export class ResourceRegistry {
  private types: ResourceType[] = builtinTypes();
  /**
   * Lookups happen on every request; the table only changes when CRDs come and go.
   * Keyed by the strings callers pass (mostly literals, whose hashes V8 keeps), with null for
   * a known miss, so a hit builds no key.
   */
  private byName = new Map<string, ResourceType | null>();
  private byKind = new Map<string, Map<string, ResourceType | null>>();

  all(): readonly ResourceType[] {
    return this.types;
  }

  byGVK(apiVersion: string, kind: string): ResourceType | undefined {
    let kinds = this.byKind.get(apiVersion);
    if (!kinds) this.byKind.set(apiVersion, (kinds = new Map<string, ResourceType | null>()));
    let t = kinds.get(kind);
    if (t === undefined) {
      const { group, version } = splitApiVersion(apiVersion);
      t = this.types.find((x) => x.group === group && x.version === version && x.kind === kind) ?? null;
      kinds.set(kind, t);
    }
    return t ?? undefined;
  }

  /** The preferred version of a group and resource (what storage and kubectl use). */
  byGroupResource(group: string, resource: string): ResourceType | undefined {
    return this.types.find((t) => t.group === group && t.resource === resource);
  }

  /** Resolve what a user typed (`po`, `pods`, `pod`, `deployments.apps`, `Deployment`). */
  resolve(name: string): ResourceType | undefined {
    let t = this.byName.get(name);
    if (t === undefined) this.byName.set(name, (t = this.find(name) ?? null));
    return t ?? undefined;
  }

  private find(name: string): ResourceType | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    if (dot > 0) {
      const res = lower.slice(0, dot);
      const group = lower.slice(dot + 1);
      return this.types.find((t) => t.group === group && (t.resource === res || t.singular === res || t.shortNames.includes(res)));
    }
    // Core types win ties, as kubectl's RESTMapper prefers the legacy group.
    const match = (t: ResourceType): boolean => t.resource === lower || t.singular === lower || t.shortNames.includes(lower);
    return this.types.find((t) => t.group === '' && match(t)) ?? this.types.find(match);
  }

  /** Versions of a group that are served, for "no matches" decisions. */
  servedVersions(group: string): string[] {
    return [...new Set(this.types.filter((t) => t.group === group).map((t) => t.version))];
  }

  add(t: ResourceType): void {
    this.remove(t.group, t.resource, t.version);
    this.types.push(t);
    this.byName.clear();
    this.byKind.clear();
  }

  remove(group: string, resource: string, version?: string): void {
    this.types = this.types.filter((t) => !(t.group === group && t.resource === resource && (version === undefined || t.version === version)));
    this.byName.clear();
    this.byKind.clear();
  }
}
