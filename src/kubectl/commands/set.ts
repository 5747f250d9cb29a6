// `kubectl set image TYPE/NAME CONTAINER=IMAGE …` (kubectl pkg/cmd/set):
// changing the pod template starts a rolling update — the closest vSphere
// analogue is swapping a VM's template and redeploying, which it cannot do live.
import { asArray, isObject, type KubeObject } from '../../runtime/api/types';
import { KubectlError, OutputCollector } from '../errors';
import type { Command, CommandContext, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets, SELECTION_FLAGS } from './targets';

const imageCommand: Command = {
  name: 'image',
  short: 'Update the image of a pod template',
  flags: [...SELECTION_FLAGS, ...PRINT_FLAGS, DRY_RUN_FLAG, { name: 'local', type: 'bool' }, { name: 'field-manager', type: 'string', default: 'kubectl-set' }],
  run: setImage,
};

export const setCommand: Command = {
  name: 'set',
  short: 'Set specific features on objects',
  subcommands: [imageCommand],
};

/** Where each kind keeps its pod spec. */
function podSpecPath(kind: string): string[] | undefined {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'ReplicationController', 'Job'].includes(kind)) return ['spec', 'template', 'spec'];
  return undefined;
}

function setImage(ctx: CommandContext): KubectlResult {
  const resources = ctx.args.filter((a) => !a.includes('='));
  const pairs = ctx.args.filter((a) => a.includes('='));
  if (pairs.length === 0) throw new KubectlError(`at least one image update is required\nSee 'kubectl set image -h' for help and examples`);
  const images = new Map<string, string>();
  for (const p of pairs) {
    const eq = p.indexOf('=');
    images.set(p.slice(0, eq), p.slice(eq + 1));
  }
  if (ctx.flags.bool('local')) throw new KubectlError('--local is not supported in PodSphere: edit the manifest file instead');
  const { mode, warning } = dryRunMode(ctx);
  const printer = objectPrinter(ctx, mode, { separateDocuments: false });
  const out = new OutputCollector();
  out.stderr += warning;
  const { found, errors } = findTargets(ctx, resources, out, `one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl set image -h' for help and examples`);
  for (const f of found) {
    try {
      const path = podSpecPath(f.object.kind);
      if (!path) throw new KubectlError(`${f.type.resource}${f.type.group ? `.${f.type.group}` : ''}/${f.object.metadata.name ?? ''} ${f.object.kind} is not supported`);
      const next = structuredClone<KubeObject>(f.object);
      let spec: unknown = next;
      for (const k of path) spec = isObject(spec) ? spec[k] : undefined;
      if (!isObject(spec)) throw new KubectlError(`unable to find pod spec in ${f.object.kind}`);
      for (const [container, image] of images) {
        let matched = false;
        for (const listName of ['initContainers', 'containers']) {
          for (const c of asArray(spec[listName])) {
            if (isObject(c) && (container === '*' || c.name === container)) {
              c.image = image;
              matched = true;
            }
          }
        }
        if (!matched) {
          out.failedAny = true;
          out.err(`error: unable to find container named "${container}"`);
        }
      }
      const changed = JSON.stringify(next) !== JSON.stringify(f.object);
      if (!changed) continue;
      const result = mode === 'client' ? next : ctx.env.cluster.api.update(next, { namespace: f.object.metadata.namespace, dryRun: mode === 'server' });
      out.stdout += printer.print(result, 'image updated');
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  for (const e of errors) out.fail(e, ctx.path);
  ctx.env.cluster.clock.drain();
  return out.result();
}
