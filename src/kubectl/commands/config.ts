// kubectl config: the sandbox kubeconfig (one cluster, one user, one context)
// as view, get-contexts, current-context, use-context, set-context,
// get-clusters and get-users show and change it. Changes mutate env.config.
import { KubectlError, OutputCollector } from '../errors';
import { executeJSONPath } from '../printers/jsonpath';
import { printJSON } from '../printers/json';
import { formatTable } from '../printers/tabwriter';
import { printYAML } from '../printers/yaml';
import type { Command, CommandContext, KubeConfigState, KubectlResult } from '../types';
import { apiServerURL } from './clusterinfo';

/** A placeholder PEM: the sandbox has no real certificates; `view` hides it unless --raw. */
const FAKE_PEM_DATA = btoa('-----BEGIN CERTIFICATE-----\nPodSphere sandbox: no real certificate\n-----END CERTIFICATE-----\n');

/** The kubeconfig as clientcmdapi/v1.Config serializes it (field order kept for JSON). */
function kubeconfig(ctx: CommandContext, raw: boolean): Record<string, unknown> {
  const c = ctx.env.config;
  const data = raw ? FAKE_PEM_DATA : 'DATA+OMITTED';
  return {
    kind: 'Config',
    apiVersion: 'v1',
    clusters: [{ name: c.cluster, cluster: { server: apiServerURL(ctx.env), 'certificate-authority-data': data } }],
    users: [{ name: c.user, user: { 'client-certificate-data': data, 'client-key-data': data } }],
    contexts: [{ name: c.context, context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) } }],
    'current-context': c.context,
  };
}

const view: Command = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: 'yaml' },
    { name: 'minify', type: 'bool' },
    { name: 'raw', type: 'bool' },
    { name: 'flatten', type: 'bool' },
    { name: 'merge', type: 'bool', default: true },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  run(ctx) {
    const config = kubeconfig(ctx, ctx.flags.bool('raw') || ctx.flags.bool('flatten'));
    const output = ctx.flags.string('output');
    if (output === 'yaml') return ok(printYAML(config));
    if (output === 'json') return ok(printJSON(config, { keepOrder: true }));
    if (output.startsWith('jsonpath=')) return ok(executeJSONPath(output.slice('jsonpath='.length), config));
    if (output === 'name') return ok('config/<unknown>\n');
    throw new KubectlError(
      `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    );
  },
};

const getContexts: Command = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
  ],
  run(ctx) {
    const c = ctx.env.config;
    const output = ctx.flags.string('output');
    if (output !== '' && output !== 'name') throw new KubectlError(`--output ${output} is not available in kubectl config get-contexts; resetting to default output format`);
    const out = new OutputCollector();
    const wanted = ctx.args.length ? ctx.args : [c.context];
    const found = wanted.filter((n) => n === c.context);
    if (output === 'name') {
      found.forEach((n) => out.out(n));
    } else {
      const rows = ctx.flags.bool('no-headers') ? [] : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      for (const n of found) rows.push(['*', n, c.cluster, c.user, c.namespace]);
      out.write({ stdout: formatTable(rows) });
    }
    for (const n of wanted.filter((x) => x !== c.context)) out.fail(new KubectlError(`context ${n} not found`), ctx.path);
    return out.result();
  },
};

const currentContext: Command = {
  name: 'current-context',
  short: 'Display the current-context',
  run(ctx) {
    if (!ctx.env.config.context) throw new KubectlError('current-context is not set');
    return ok(`${ctx.env.config.context}\n`);
  },
};

const useContext: Command = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  run(ctx) {
    if (ctx.args.length !== 1) throw new KubectlError(`Unexpected args: [${ctx.args.join(' ')}]`);
    const name = ctx.args[0];
    if (name !== ctx.env.config.context) throw new KubectlError(`no context exists with the name: ${JSON.stringify(name)}`);
    return ok(`Switched to context ${JSON.stringify(name)}.\n`);
  },
};

const setContext: Command = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  flags: [
    { name: 'current', type: 'bool' },
    { name: 'namespace', type: 'string' },
    { name: 'cluster', type: 'string' },
    { name: 'user', type: 'string' },
  ],
  run(ctx) {
    const c = ctx.env.config;
    const name = ctx.flags.bool('current') ? c.context : (ctx.args[0] ?? '');
    if (name === '') throw new KubectlError('you must specify a non-empty context name or --current');
    if (ctx.flags.bool('current') && ctx.args.length) throw new KubectlError('you cannot specify both a context name and --current');
    if (name !== c.context) throw new KubectlError(`the sandbox kubeconfig has the single context ${JSON.stringify(c.context)}; creating context ${JSON.stringify(name)} is not simulated`);
    const changes: Partial<KubeConfigState> = {};
    if (ctx.flags.has('namespace')) changes.namespace = ctx.flags.string('namespace');
    for (const key of ['cluster', 'user'] as const) {
      if (ctx.flags.has(key) && ctx.flags.string(key) !== c[key]) throw new KubectlError(`the sandbox kubeconfig has only the ${key} ${JSON.stringify(c[key])}`);
    }
    Object.assign(ctx.env.config, changes);
    return ok(`Context ${JSON.stringify(name)} modified.\n`);
  },
};

const getClusters: Command = {
  name: 'get-clusters',
  short: 'Display clusters defined in the kubeconfig',
  run: (ctx) => ok(`NAME\n${ctx.env.config.cluster}\n`),
};

const getUsers: Command = {
  name: 'get-users',
  short: 'Display users defined in the kubeconfig',
  run: (ctx) => ok(`NAME\n${ctx.env.config.user}\n`),
};

/** Commands that would edit kubeconfig entries the sandbox keeps fixed. */
const FIXED: [string, string][] = [
  ['delete-cluster', 'Delete the specified cluster from the kubeconfig'],
  ['delete-context', 'Delete the specified context from the kubeconfig'],
  ['delete-user', 'Delete the specified user from the kubeconfig'],
  ['rename-context', 'Rename a context from the kubeconfig file'],
  ['set', 'Set an individual value in a kubeconfig file'],
  ['set-cluster', 'Set a cluster entry in kubeconfig'],
  ['set-credentials', 'Set a user entry in kubeconfig'],
  ['unset', 'Unset an individual value in a kubeconfig file'],
];

const fixed: Command[] = FIXED.map(([name, short]) => ({
  name,
  short,
  run: () => {
    throw new KubectlError(`config ${name} is not simulated: the sandbox kubeconfig has one cluster, one user and one context (only the context's namespace can change: kubectl config set-context --current --namespace=NAME)`);
  },
}));

export const configCommand: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  subcommands: [currentContext, ...fixed.slice(0, 3), getClusters, getContexts, getUsers, fixed[3], fixed[4], fixed[5], setContext, fixed[6], fixed[7], useContext, view],
};

function ok(stdout: string): KubectlResult {
  return { stdout, stderr: '', exitCode: 0 };
}
