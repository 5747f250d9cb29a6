// `kubectl create cronjob NAME --image=… --schedule='*/5 * * * *' [--restart] [-- COMMAND]`
// (kubectl pkg/cmd/create/create_cronjob.go).
import type { KubeObject } from '../../runtime/api/types';
import type { CommandContext } from '../types';
import { nameArg, objectMeta, type Generator } from './generator';

export const cronJobGenerator: Generator = {
  name: 'cronjob',
  aliases: ['cj'],
  short: 'Create a cron job with the specified name',
  flags: [
    { name: 'image', type: 'string' },
    { name: 'schedule', type: 'string' },
    { name: 'restart', type: 'string' },
  ],
  required: ['image', 'schedule'],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const restart = ctx.flags.string('restart') || 'OnFailure';
    const container: Record<string, unknown> = { name, image: ctx.flags.string('image') };
    const command = ctx.afterDash ?? [];
    if (command.length) container.command = command;
    container.resources = {};
    return {
      kind: 'CronJob',
      apiVersion: 'batch/v1',
      metadata: objectMeta(ctx, name),
      spec: {
        schedule: ctx.flags.string('schedule'),
        jobTemplate: {
          metadata: { name },
          spec: { template: { metadata: {}, spec: { containers: [container], restartPolicy: restart } } },
        },
      },
      status: {},
    };
  },
};
