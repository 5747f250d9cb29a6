// `kubectl create job NAME --image=… [-- COMMAND]` or `--from=cronjob/NAME`
// (kubectl pkg/cmd/create/create_job.go). From a CronJob, the Job copies its
// jobTemplate, is owned by the CronJob, and is marked
// cronjob.kubernetes.io/instantiate=manual — how "run this backup now" works.
import type { KubeObject } from '../../runtime/api/types';
import { isObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import { resolveType } from '../resourceargs';
import type { CommandContext } from '../types';
import { goMap, nameArg, objectMeta, type Generator } from './generator';

export const jobGenerator: Generator = {
  name: 'job',
  short: 'Create a job with the specified name',
  flags: [
    { name: 'image', type: 'string' },
    { name: 'from', type: 'string' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const image = ctx.flags.string('image');
    const from = ctx.flags.string('from');
    const command = ctx.afterDash ?? [];
    if ((image === '') === (from === '')) throw new KubectlError('either --image or --from must be specified');
    if (command.length && from) throw new KubectlError('cannot specify --from and command');
    if (from) return jobFromCronJob(ctx, name, from);
    const container: Record<string, unknown> = { name, image };
    if (command.length) container.command = command;
    container.resources = {};
    return {
      kind: 'Job',
      apiVersion: 'batch/v1',
      metadata: objectMeta(ctx, name),
      spec: { template: { metadata: {}, spec: { containers: [container], restartPolicy: 'Never' } } },
      status: {},
    };
  },
};

function jobFromCronJob(ctx: CommandContext, name: string, from: string): KubeObject {
  const slash = from.indexOf('/');
  if (slash < 0) throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
  const type = resolveType(ctx.env, from.slice(0, slash));
  const source = ctx.env.cluster.api.get(type.group ? `${type.resource}.${type.group}` : type.resource, from.slice(slash + 1), ctx.namespace);
  if (source.kind !== 'CronJob') throw new KubectlError(`unknown object type ${source.kind}`);
  const jobTemplate = isObject(source.spec) && isObject(source.spec.jobTemplate) ? source.spec.jobTemplate : {};
  const templateMeta = isObject(jobTemplate.metadata) ? jobTemplate.metadata : {};
  const annotations = goMap(Object.entries({ 'cronjob.kubernetes.io/instantiate': 'manual', ...(templateMeta.annotations as Record<string, string> | undefined) }));
  const metadata: KubeObject['metadata'] = { name };
  if (ctx.namespaceExplicit) metadata.namespace = ctx.namespace;
  if (isObject(templateMeta.labels)) metadata.labels = goMap(Object.entries(templateMeta.labels as Record<string, string>));
  metadata.annotations = annotations;
  metadata.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'CronJob', name: source.metadata.name ?? '', uid: source.metadata.uid ?? '', controller: true }];
  return { kind: 'Job', apiVersion: 'batch/v1', metadata, spec: structuredClone(jobTemplate.spec ?? {}), status: {} };
}
