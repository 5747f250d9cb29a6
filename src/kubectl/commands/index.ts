// Every kubectl command the sandbox knows. Each command lives in its own file
// and is listed here; `kubectl --help` shows them in upstream's order.
import type { Command } from '../types';
import { apiResourcesCommand, apiVersionsCommand } from './apiresources';
import { clusterInfoCommand } from './clusterinfo';
import { configCommand } from './config';
import { getCommand } from './get';
import { versionCommand } from './version';
import { applyCommand } from './apply';
import { createCommand } from './create';
import { annotateCommand } from './annotate';
import { autoscaleCommand } from './autoscale';
import { cordonCommand, uncordonCommand } from './cordon';
import { drainCommand } from './drain';
import { editCommand } from './edit';
import { exposeCommand } from './expose';
import { labelCommand } from './label';
import { patchCommand } from './patch';
import { replaceCommand } from './replace';
import { rolloutCommand } from './rollout';
import { scaleCommand } from './scale';
import { setCommand } from './set';
import { taintCommand } from './taint';
import { deleteCommand } from './delete';
import { runCommand } from './run';
import { describeCommand } from './describe';
import { execCommand } from './exec';
import { explainCommand } from './explain';
import { logsCommand } from './logs';
import { portForwardCommand } from './portforward';
import { topCommand } from './top';

const REGISTERED: Command[] = [
  getCommand,
  apiResourcesCommand,
  apiVersionsCommand,
  versionCommand,
  clusterInfoCommand,
  configCommand,
  createCommand,
  applyCommand,
  deleteCommand,
  exposeCommand,
  setCommand,
  editCommand,
  rolloutCommand,
  scaleCommand,
  autoscaleCommand,
  cordonCommand,
  uncordonCommand,
  drainCommand,
  taintCommand,
  patchCommand,
  replaceCommand,
  labelCommand,
  annotateCommand,
  runCommand,
  describeCommand,
  logsCommand,
  execCommand,
  topCommand,
  portForwardCommand,
  explainCommand,
];

/** Upstream `kubectl --help` order. */
const ORDER = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec',
  'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait',
  'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version',
];

const rank = (c: Command): number => (ORDER.includes(c.name) ? ORDER.indexOf(c.name) : ORDER.length);

export const COMMANDS: Command[] = [...REGISTERED].sort((a, b) => rank(a) - rank(b));
