// `kubectl rollout status|history|undo|restart|pause|resume` (kubectl
// pkg/cmd/rollout and pkg/polymorphichelpers). status follows the rollout
// as simulated time runs, printing the status viewer's line on every watch
// event — exactly the repeated "Waiting for deployment …" lines kubectl shows.
import { rollbackDeployment, RollbackError } from '../../runtime/controllers/deployment/rollback';
import { revision } from '../../runtime/controllers/deployment/util';
import { field, isObject, type KubeObject } from '../../runtime/api/types';
import { describePodTemplate } from '../describe/podtemplate';
import { escapeTerminal, type PrefixWriter } from '../describe/writer';
import { KubectlError, OutputCollector } from '../errors';
import { FILENAME_FLAGS } from '../manifests';
import { typeName, type FoundObject } from '../objects';
import { kindPath, resourcePath } from '../resourceargs';
import { DESCRIBE_OPTIONS, TabWriter } from '../printers/tabwriter';
import type { Command, CommandContext, Follow, KubectlResult } from '../types';
import { DRY_RUN_FLAG, dryRunMode, objectPrinter, PRINT_FLAGS } from './output';
import { findTargets } from './targets';

const SELECT = [...FILENAME_FLAGS, { name: 'selector', short: 'l', type: 'string' as const }];
const NEED_RESOURCE = 'required resource not specified';

export const rolloutCommand: Command = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  subcommands: [
    { name: 'history', short: 'View rollout history', flags: [...SELECT, ...PRINT_FLAGS, { name: 'revision', type: 'int', default: 0 }], run: history },
    { name: 'pause', short: 'Mark the provided resource as paused', flags: [...SELECT, ...PRINT_FLAGS, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], run: (ctx) => pauseOrResume(ctx, true) },
    { name: 'restart', short: 'Restart a resource', flags: [...SELECT, ...PRINT_FLAGS, DRY_RUN_FLAG, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], run: restart },
    { name: 'resume', short: 'Resume a paused resource', flags: [...SELECT, ...PRINT_FLAGS, { name: 'field-manager', type: 'string', default: 'kubectl-rollout' }], run: (ctx) => pauseOrResume(ctx, false) },
    {
      name: 'status',
      short: 'Show the status of the rollout',
      flags: [...SELECT, { name: 'watch', short: 'w', type: 'bool', default: true }, { name: 'revision', type: 'int', default: 0 }, { name: 'timeout', type: 'duration', default: '0s' }],
      run: status,
    },
    { name: 'undo', short: 'Undo a previous rollout', flags: [...SELECT, ...PRINT_FLAGS, DRY_RUN_FLAG, { name: 'to-revision', type: 'int', default: 0 }], run: undo },
  ],
};

function targets(ctx: CommandContext, out: OutputCollector): FoundObject[] {
  const { found, errors } = findTargets(ctx, ctx.args, out, NEED_RESOURCE);
  for (const e of errors) out.fail(e, ctx.path);
  return found;
}

// ---- status -----------------------------------------------------------------------------

interface StatusResult {
  text: string;
  done: boolean;
}

const num = (o: unknown, ...path: string[]): number => {
  const v = field(o, ...path);
  return typeof v === 'number' ? v : 0;
};

/** The status viewers of polymorphichelpers/rollout_status.go. */
export function rolloutStatus(obj: KubeObject): StatusResult {
  const name = obj.metadata.name ?? '';
  const generation = obj.metadata.generation ?? 0;
  const observed = num(obj, 'status', 'observedGeneration');
  switch (obj.kind) {
    case 'Deployment': {
      if (generation > observed) return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
      const conditions = field(obj, 'status', 'conditions');
      const progressing: unknown = Array.isArray(conditions) ? (conditions as unknown[]).find((c) => isObject(c) && c.type === 'Progressing') : undefined;
      if (isObject(progressing) && progressing.reason === 'ProgressDeadlineExceeded') throw new KubectlError(`deployment ${JSON.stringify(name)} exceeded its progress deadline`);
      const specReplicas = field(obj, 'spec', 'replicas');
      const updated = num(obj, 'status', 'updatedReplicas');
      const waiting = `Waiting for deployment ${JSON.stringify(name)} rollout to finish: `;
      if (typeof specReplicas === 'number' && updated < specReplicas) return { text: `${waiting}${updated} out of ${specReplicas} new replicas have been updated...\n`, done: false };
      const replicas = num(obj, 'status', 'replicas');
      if (replicas > updated) return { text: `${waiting}${replicas - updated} old replicas are pending termination...\n`, done: false };
      const available = num(obj, 'status', 'availableReplicas');
      if (available < updated) return { text: `${waiting}${available} of ${updated} updated replicas are available...\n`, done: false };
      return { text: `deployment ${JSON.stringify(name)} successfully rolled out\n`, done: true };
    }
    case 'DaemonSet': {
      if (field(obj, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate') throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
      if (generation > observed) return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
      const desired = num(obj, 'status', 'desiredNumberScheduled');
      const updated = num(obj, 'status', 'updatedNumberScheduled');
      const waiting = `Waiting for daemon set ${JSON.stringify(name)} rollout to finish: `;
      if (updated < desired) return { text: `${waiting}${updated} out of ${desired} new pods have been updated...\n`, done: false };
      const available = num(obj, 'status', 'numberAvailable');
      if (available < desired) return { text: `${waiting}${available} of ${desired} updated pods are available...\n`, done: false };
      return { text: `daemon set ${JSON.stringify(name)} successfully rolled out\n`, done: true };
    }
    case 'StatefulSet':
      return statefulSetStatus(obj, generation, observed);
    default:
      throw new KubectlError(`no status viewer has been implemented for ${obj.kind}`);
  }
}

function statefulSetStatus(obj: KubeObject, generation: number, observed: number): StatusResult {
  if (field(obj, 'spec', 'updateStrategy', 'type') !== 'RollingUpdate') throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  if (observed === 0 || generation > observed) return { text: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = field(obj, 'spec', 'replicas');
  const ready = num(obj, 'status', 'readyReplicas');
  if (typeof replicas === 'number' && ready < replicas) return { text: `Waiting for ${replicas - ready} pods to be ready...\n`, done: false };
  const partition = field(obj, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
  const updated = num(obj, 'status', 'updatedReplicas');
  if (typeof replicas === 'number' && typeof partition === 'number') {
    if (updated < replicas - partition) return { text: `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`, done: false };
    return { text: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  const updateRevision = text(field(obj, 'status', 'updateRevision'));
  if (updateRevision !== text(field(obj, 'status', 'currentRevision'))) {
    return { text: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...\n`, done: false };
  }
  return { text: `statefulset rolling update complete ${updated} pods at revision ${updateRevision}...\n`, done: true };
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function status(ctx: CommandContext): KubectlResult {
  const out = new OutputCollector();
  const found = targets(ctx, out);
  if (out.failedAny) return out.result();
  if (found.length !== 1) throw new KubectlError(`rollout status is only supported on individual resources and resource collections are not supported yet`);
  const target = found[0];
  const first = rolloutStatus(target.object);
  if (first.done || !ctx.flags.bool('watch')) return { stdout: first.text, stderr: '', exitCode: 0 };
  return { stdout: first.text, stderr: '', exitCode: 0, follow: followRollout(ctx, target, ctx.flags.durationMs('timeout') ?? 0) };
}

function followRollout(ctx: CommandContext, target: FoundObject, timeoutMs: number): Follow {
  const api = ctx.env.cluster.api;
  const name = target.object.metadata.name ?? '';
  return {
    start(write, done) {
      let finished = false;
      let timer: number | undefined;
      const finish = (code: number): void => {
        if (finished) return;
        finished = true;
        watch.stop();
        if (timer !== undefined) api.clock.cancelTimer(timer);
        done(code);
      };
      const watch = api.watch(typeName(target.type), { namespace: target.object.metadata.namespace, fieldSelector: `metadata.name=${name}` }, (e) => {
        if (finished) return;
        if (e.type === 'DELETED') {
          write({ stderr: 'error: object has been deleted\n' });
          finish(1);
          return;
        }
        if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
        try {
          const s = rolloutStatus(e.object);
          write({ stdout: s.text });
          if (s.done) finish(0);
        } catch (err) {
          write({ stderr: `error: ${(err as Error).message}\n` });
          finish(1);
        }
      });
      if (timeoutMs > 0) {
        timer = api.clock.setTimer(timeoutMs, () => {
          write({ stderr: 'error: timed out waiting for the condition\n' });
          finish(1);
        });
      }
      return () => finish(130);
    },
  };
}

// ---- history -------------------------------------------------------------------------

/** A PrefixWriter straight into a string, as history.go's printTemplate uses (tabs stay tabs). */
function rawPrefixWriter(): PrefixWriter & { text: () => string } {
  let buf = '';
  return {
    write: (level, text) => (buf += escapeTerminal('  '.repeat(level) + text)),
    writeLine: (text = '') => (buf += escapeTerminal(`${text}\n`)),
    flush: () => undefined,
    text: () => buf,
  };
}

function history(ctx: CommandContext): KubectlResult {
  const out = new OutputCollector();
  const found = targets(ctx, out);
  const rev = ctx.flags.int('revision');
  const printer = objectPrinter(ctx, 'none', { separateDocuments: false });
  for (const f of found) {
    try {
      if (f.object.kind !== 'Deployment') throw new KubectlError(`no history viewer has been implemented for ${f.type.kind}${f.type.group ? `.${f.type.group}` : ''}`);
      const owned = ctx.env.cluster.api.ownedBy('replicasets', f.object.metadata.uid ?? '');
      const byRevision = new Map<number, KubeObject>();
      for (const rs of owned) {
        const v = revision(rs);
        if (v !== undefined) byRevision.set(v, rs);
      }
      if (ctx.flags.string('output')) {
        out.stdout += printer.print(f.object, '');
        continue;
      }
      if (byRevision.size === 0) {
        out.stdout += `${kindPath(f.type)}/${f.object.metadata.name ?? ''} \nNo rollout history found.\n`;
        continue;
      }
      if (rev > 0) {
        const rs = byRevision.get(rev);
        if (!rs) throw new KubectlError('unable to find the specified revision');
        const w = rawPrefixWriter();
        describePodTemplate(templateWithCause(rs), w);
        out.stdout += `${kindPath(f.type)}/${f.object.metadata.name ?? ''} with revision #${rev}\n${w.text()}\n`;
        continue;
      }
      const tw = new TabWriter(DESCRIBE_OPTIONS);
      tw.write('REVISION\tCHANGE-CAUSE\n');
      for (const r of [...byRevision.keys()].sort((a, b) => a - b)) {
        const cause = byRevision.get(r)?.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>';
        tw.write(`${r}\t${cause}\n`);
      }
      out.stdout += `${kindPath(f.type)}/${f.object.metadata.name ?? ''} \n${tw.flush()}\n`;
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  return out.result();
}

/** The revision's template, with its change-cause annotation as history.go adds it. */
function templateWithCause(rs: KubeObject): unknown {
  const template = structuredClone(field(rs, 'spec', 'template')) as Record<string, unknown>;
  const cause = rs.metadata.annotations?.['kubernetes.io/change-cause'];
  if (cause) {
    const meta = (template.metadata = isObject(template.metadata) ? template.metadata : {});
    meta.annotations = { ...(isObject(meta.annotations) ? meta.annotations : {}), 'kubernetes.io/change-cause': cause };
  }
  return template;
}

// ---- undo, restart, pause, resume ----------------------------------------------------------

function undo(ctx: CommandContext): KubectlResult {
  const { mode, warning } = dryRunMode(ctx);
  const out = new OutputCollector();
  out.stderr += warning;
  const found = targets(ctx, out);
  const printer = objectPrinter(ctx, mode, { separateDocuments: false });
  for (const f of found) {
    try {
      if (f.object.kind !== 'Deployment') throw new KubectlError(`no rollbacker has been implemented for ${f.type.kind}.${f.type.group}`);
      if (mode !== 'none') {
        out.stdout += printer.print(f.object, 'rolled back');
        continue;
      }
      const op = rollbackDeployment(ctx.env.cluster.api, f.object.metadata.namespace ?? 'default', f.object.metadata.name ?? '', ctx.flags.int('to-revision'));
      const live = ctx.env.cluster.api.get(typeName(f.type), f.object.metadata.name ?? '', f.object.metadata.namespace);
      out.stdout += printer.print(live, op);
    } catch (e) {
      out.fail(e instanceof RollbackError ? new KubectlError(e.message) : e, ctx.path);
    }
  }
  ctx.env.cluster.clock.drain();
  return out.result();
}

const RESTARTABLE = ['Deployment', 'DaemonSet', 'StatefulSet'];

function restart(ctx: CommandContext): KubectlResult {
  const { mode, warning } = dryRunMode(ctx);
  const out = new OutputCollector();
  out.stderr += warning;
  const found = targets(ctx, out);
  const printer = objectPrinter(ctx, mode, { separateDocuments: false });
  for (const f of found) {
    try {
      if (!RESTARTABLE.includes(f.object.kind)) throw new KubectlError(`restarting is not supported`);
      if (field(f.object, 'spec', 'paused') === true) throw new KubectlError(`can't restart paused ${f.object.kind.toLowerCase()} (run rollout resume first)`);
      const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': ctx.env.cluster.clock.nowRFC3339() } } } } };
      const result =
        mode === 'client'
          ? f.object
          : ctx.env.cluster.api.patch(typeName(f.type), f.object.metadata.name ?? '', patch, { namespace: f.object.metadata.namespace, patchType: 'strategic', dryRun: mode === 'server' });
      out.stdout += printer.print(result, 'restarted');
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  ctx.env.cluster.clock.drain();
  return out.result();
}

function pauseOrResume(ctx: CommandContext, pause: boolean): KubectlResult {
  const out = new OutputCollector();
  const found = targets(ctx, out);
  const printer = objectPrinter(ctx, 'none', { separateDocuments: false });
  for (const f of found) {
    const name = f.object.metadata.name ?? '';
    try {
      if (f.object.kind !== 'Deployment') throw new KubectlError(`${resourcePath(f.type)} ${JSON.stringify(name)} ${pause ? 'pausing' : 'resuming'} is not supported`);
      const paused = field(f.object, 'spec', 'paused') === true;
      if (paused === pause) throw new KubectlError(`${resourcePath(f.type)} ${JSON.stringify(name)} is ${pause ? 'already paused' : 'not paused'}`);
      const result = ctx.env.cluster.api.patch(typeName(f.type), name, { spec: { paused: pause ? true : null } }, { namespace: f.object.metadata.namespace, patchType: 'merge' });
      out.stdout += printer.print(result, pause ? 'paused' : 'resumed');
    } catch (e) {
      out.fail(e, ctx.path);
    }
  }
  ctx.env.cluster.clock.drain();
  return out.result();
}
