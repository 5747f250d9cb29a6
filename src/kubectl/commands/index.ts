// Every kubectl command the sandbox knows. Each command lives in its own file
// and is listed here; `kubectl --help` shows them in upstream's order.
import type { Command } from '../types';

const REGISTERED: Command[] = [];

/** Upstream `kubectl --help` order. */
const ORDER = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec',
  'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait',
  'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

const rank = (c: Command): number => (ORDER.includes(c.name) ? ORDER.indexOf(c.name) : ORDER.length);

export const COMMANDS: Command[] = [...REGISTERED].sort((a, b) => rank(a) - rank(b));
