// `kubectl create priorityclass NAME --value=N [--global-default] [--description]
// [--preemption-policy]` (kubectl pkg/cmd/create/create_priorityclass.go).
import type { KubeObject } from '../../runtime/api/types';
import type { CommandContext } from '../types';
import { nameArg, type Generator } from './generator';

export const priorityClassGenerator: Generator = {
  name: 'priorityclass',
  aliases: ['pc'],
  short: 'Create a priority class with the specified name',
  flags: [
    { name: 'value', type: 'int', default: 0 },
    { name: 'global-default', type: 'bool' },
    { name: 'description', type: 'string' },
    { name: 'preemption-policy', type: 'string', default: 'PreemptLowerPriority' },
  ],
  build(ctx: CommandContext): KubeObject {
    const obj: KubeObject = { kind: 'PriorityClass', apiVersion: 'scheduling.k8s.io/v1', metadata: { name: nameArg(ctx) }, value: ctx.flags.int('value') };
    if (ctx.flags.bool('global-default')) obj.globalDefault = true;
    if (ctx.flags.string('description')) obj.description = ctx.flags.string('description');
    obj.preemptionPolicy = ctx.flags.string('preemption-policy');
    return obj;
  },
};
