// English: the reference dictionary. Its keys define MessageKey; every other
// locale must provide exactly the same keys (a missing or extra key is a type error).
export const en = {
  'app.title': 'PodSphere — Kubernetes for vSphere admins',
  'app.name': 'PodSphere',
  'app.tagline': 'Learn Kubernetes with the vSphere you already know',
  'nav.skipToWorkspace': 'Skip to workspace',
  'lang.label': 'Language',
  'theme.toDark': 'Dark theme',
  'theme.toLight': 'Light theme',
  'theme.toDarkHint': 'Switch to the dark theme',
  'theme.toLightHint': 'Switch to the light theme',
  'workspace.label': 'Workspace',
  'status.label': 'Cluster',
  'status.notStarted': 'Not started yet.',
  'status.starting': 'Starting the simulated cluster…',
  'status.ready': 'Running in this tab: {nodes} nodes ({ready} Ready), {pods} pods, {namespaces} namespaces, {objects} objects; API server at {ip}; simulated time {time}.',
  'status.failed': 'The simulated cluster failed to start: {error}',
  'pane.comingSoon': 'Coming soon',
  'pane.yaml.title': 'YAML',
  'pane.yaml.description':
    'Your Kubernetes manifests: what you write here will be applied to the simulated cluster, just like kubectl apply.',
  'pane.yaml.inputLabel': 'Kubernetes manifest (YAML)',
  'pane.yaml.placeholder': 'Paste or type Kubernetes YAML here, for example a Deployment…',
  'pane.yaml.savedHint': 'Saved in this browser automatically.',
  'pane.kubernetes.title': 'Kubernetes view',
  'pane.kubernetes.description':
    'Your objects as Kubernetes sees them: nodes, Deployments, ReplicaSets, Pods and Services, and how they own and select one another.',
  'pane.vsphere.title': 'vSphere view',
  'pane.vsphere.description':
    'The same cluster as a vSphere inventory you know: nodes as ESXi hosts, Pods as VMs, namespaces as resource pools.',
  'footer.sandbox':
    'This is a sandbox: the cluster is simulated inside this browser tab. No real containers run, and nothing you do leaves this page.',
} as const satisfies Record<string, string>;
