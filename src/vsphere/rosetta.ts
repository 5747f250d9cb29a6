// The PowerCLI rosetta: kubectl ↔ PowerCLI, both ways. A kubectl command
// line gets the nearest PowerCLI / vSphere Client way and where the analogy
// breaks; a PowerCLI cmdlet typed into the terminal gets the kubectl way and
// why — answered, never run. Pure data and functions.
import type { Locale } from '../i18n/types';
import { CARDS, type CardData } from './rosetta-cards';

export interface RosettaCard {
  kubectl: string[];
  powercli: string[];
  holds: string;
  breaks: string;
}

const BY_ID = new Map(CARDS.map((c) => [c.id, c]));

function localize(card: CardData, locale: Locale): RosettaCard {
  return { kubectl: [...card.kubectl], powercli: [...card.powercli], holds: card.holds[locale], breaks: card.breaks[locale] };
}

/** Every card id, for tests and the UI's browse view. */
export function rosettaIds(): string[] {
  return CARDS.map((c) => c.id);
}

export function rosettaCard(id: string, locale: Locale): RosettaCard | undefined {
  const card = BY_ID.get(id);
  return card && localize(card, locale);
}

// ---- kubectl → PowerCLI ------------------------------------------------------------------

/** kubectl flags that take a separate value, so the value is not mistaken for a command word. */
const VALUE_FLAGS = new Set(['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '-c', '--container', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--field-selector', '--sort-by', '--image', '--replicas', '--port', '--type', '--to-revision', '-p', '--patch']);

function words(argv: readonly string[]): { words: string[]; wide: boolean } {
  const out: string[] = [];
  let wide = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') break;
    if (a.startsWith('-')) {
      if (/^(-o|--output)=?wide$/.test(a) || ((a === '-o' || a === '--output') && argv[i + 1] === 'wide')) wide = true;
      if (VALUE_FLAGS.has(a) && !a.includes('=')) i++;
      continue;
    }
    out.push(a);
  }
  return { words: out, wide };
}

const GET_TYPES: [RegExp, string][] = [
  [/^(no|nodes?)$/, 'get-nodes'],
  [/^(deploy|deployments?|rs|replicasets?|rc|replicationcontrollers?)(\.apps)?$/, 'get-deployments'],
  [/^(svc|services?|ep|endpoints|endpointslices?)$/, 'get-services'],
  [/^(ns|namespaces?|quota|resourcequotas?|limits|limitranges?)$/, 'get-namespaces'],
  [/^(pvc|pv|sc|persistentvolumes?|persistentvolumeclaims?|storageclass(es)?)$/, 'get-storage'],
  [/^(cm|configmaps?|secrets?)$/, 'get-config'],
  [/^(ds|daemonsets?)$/, 'get-daemonsets'],
  [/^(sts|statefulsets?)$/, 'get-statefulsets'],
  [/^(ing|ingress(es)?|ingressclass(es)?)$/, 'get-ingress'],
  [/^(jobs?|cj|cronjobs?)$/, 'get-jobs'],
  [/^(hpa|horizontalpodautoscalers?)$/, 'autoscale'],
  [/^(ev|events?)$/, 'events'],
  [/^(netpol|networkpolic(y|ies))$/, 'portgroup'],
];

function getCard(typeWord: string | undefined, wide: boolean): string {
  const type = (typeWord ?? '').split(/[,/]/)[0].toLowerCase();
  if (/^(po|pods?)$/.test(type)) return wide ? 'get-pods-wide' : 'get-pods';
  return GET_TYPES.find(([re]) => re.test(type))?.[1] ?? 'get';
}

/** The card for a kubectl command line (arguments after `kubectl`), or undefined for an unknown command. */
export function rosettaForKubectl(argv: readonly string[], locale: Locale): RosettaCard | undefined {
  const { words: w, wide } = words(argv);
  const id = cardIdForKubectl(w, wide);
  return id === undefined ? undefined : rosettaCard(id, locale);
}

function cardIdForKubectl(w: string[], wide: boolean): string | undefined {
  const [command, sub] = w;
  switch (command) {
    case undefined:
      return undefined;
    case 'get':
      return getCard(sub, wide);
    case 'rollout': {
      const id = { status: 'rollout-status', history: 'rollout-history', undo: 'rollout-undo', restart: 'rollout-restart', pause: 'rollout-pause', resume: 'rollout-pause' }[sub ?? ''];
      return id ?? 'rollout-status';
    }
    case 'set':
      return sub === 'image' ? 'set-image' : 'set';
  }
  return BY_ID.has(command) ? command : undefined;
}

// ---- PowerCLI → kubectl ------------------------------------------------------------------

/** PowerShell's approved verbs that PowerCLI cmdlets use. */
const VERBS = new Set([
  'get', 'set', 'new', 'remove', 'move', 'start', 'stop', 'restart', 'suspend', 'invoke', 'connect', 'disconnect', 'import', 'export',
  'copy', 'open', 'wait', 'update', 'add', 'mount', 'dismount', 'test', 'install', 'shutdown', 'apply', 'sync', 'format', 'select',
]);

const CMDLET = /^\s*([A-Za-z]+)-([A-Za-z][A-Za-z0-9]*)(?=\s|$|\|)/;

/** Whether a terminal line looks like a PowerCLI / PowerShell cmdlet (Verb-Noun), whatever its case. */
export function isPowerCLI(line: string): boolean {
  const m = CMDLET.exec(line);
  return m !== null && VERBS.has(m[1].toLowerCase()) && !/^\s*kubectl\b/.test(line);
}

/** Parameters that change which card answers (`Set-VMHost -State Maintenance`). */
function param(line: string, name: string): string | undefined {
  const m = new RegExp(`\\s-${name}(?::|\\s+)("[^"]*"|'[^']*'|\\S+)`, 'i').exec(line);
  return m ? m[1].replace(/^["']|["']$/g, '') : undefined;
}

const CMDLET_CARDS: Record<string, string | ((line: string) => string)> = {
  'get-vm': (line) => (/vmhost/i.test(line.split('|').slice(1).join('|')) ? 'get-pods-wide' : 'get-pods'),
  'get-vmhost': 'get-nodes',
  'move-vm': 'move-vm',
  'new-vm': (line) => (param(line, 'Template') ? 'create' : 'apply'),
  'import-vapp': 'apply',
  'export-vapp': 'export',
  'set-vmhost': (line) => {
    const state = (param(line, 'State') ?? '').toLowerCase();
    if (state === 'maintenance') return 'drain';
    if (state === 'connected') return 'uncordon';
    return 'label';
  },
  'get-resourcepool': 'get-namespaces',
  'new-resourcepool': 'get-namespaces',
  'get-folder': 'get-namespaces',
  'get-tag': 'label',
  'new-tag': 'label',
  'new-tagassignment': 'label',
  'get-tagassignment': 'label',
  'remove-tagassignment': 'label',
  'get-annotation': 'annotate',
  'set-annotation': 'annotate',
  'get-cluster': 'cluster-info',
  'set-cluster': 'get-deployments',
  'get-datacenter': 'config',
  'get-datastore': 'get-storage',
  'get-harddisk': 'get-storage',
  'new-harddisk': 'get-storage',
  'get-spbmstoragepolicy': 'get-storage',
  'get-networkadapter': 'network-adapter',
  'get-vmguest': 'network-adapter',
  'get-virtualportgroup': 'portgroup',
  'get-vdportgroup': 'portgroup',
  'get-virtualswitch': 'portgroup',
  'start-vm': 'start-vm',
  'stop-vm': 'stop-vm',
  'shutdown-vmguest': 'stop-vm',
  'suspend-vm': 'suspend-vm',
  'restart-vm': 'rollout-restart',
  'restart-vmguest': 'rollout-restart',
  'get-snapshot': 'rollout-history',
  'new-snapshot': 'new-snapshot',
  'remove-snapshot': 'rollout-history',
  'set-vm': (line) => (param(line, 'Snapshot') !== undefined ? 'rollout-undo' : 'set'),
  'remove-vm': 'delete',
  'get-vievent': 'events',
  'get-task': 'rollout-status',
  'wait-task': 'wait',
  'connect-viserver': 'config',
  'disconnect-viserver': 'config',
  'invoke-vmscript': 'exec',
  'copy-vmguestfile': 'cp',
  'open-vmconsolewindow': 'attach',
  'get-stat': 'top',
  'get-log': 'logs',
  'get-drsrule': 'affinity',
  'new-drsrule': 'affinity',
  'new-drsvmhostrule': 'taint',
  'get-drsvmhostrule': 'taint',
  'get-view': 'get',
  'get-inventory': 'get',
  'get-template': 'get-deployments',
  'set-template': 'set-image',
  'get-oscustomizationspec': 'get-config',
  'get-advancedsetting': 'get-config',
  'get-vipermission': 'auth',
  'new-vipermission': 'auth',
  'get-virole': 'auth',
  'get-viprivilege': 'auth',
  'get-help': 'explain',
  'get-command': 'api-resources',
  'get-powercliversion': 'version',
  'get-module': 'plugin',
  'new-cddrive': 'debug',
  'get-vmresourceconfiguration': 'set',
  'set-vmresourceconfiguration': 'set',
};

/** The kubectl way for a PowerCLI line, or undefined for a cmdlet the rosetta does not know. */
export function answerPowerCLI(line: string, locale: Locale): RosettaCard | undefined {
  const m = CMDLET.exec(line);
  if (!m) return undefined;
  const entry = CMDLET_CARDS[`${m[1]}-${m[2]}`.toLowerCase()];
  if (entry === undefined) return undefined;
  return rosettaCard(typeof entry === 'string' ? entry : entry(line), locale);
}

/** The cmdlets the rosetta answers (lower-case), for completion and tests. */
export function knownCmdlets(): string[] {
  return Object.keys(CMDLET_CARDS);
}
