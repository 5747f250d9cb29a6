// `kubectl create deployment NAME --image=… [--replicas] [--port] [-- COMMAND]`
// (kubectl pkg/cmd/create/create_deployment.go): one container per image,
// labels and selector `app: NAME`, an empty strategy for the server to default.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { containerNameFromImage, nameArg, objectMeta, type Generator } from './generator';

export const deploymentGenerator: Generator = {
  name: 'deployment',
  aliases: ['deploy'],
  short: 'Create a deployment with the specified name',
  flags: [
    { name: 'image', type: 'stringSlice' },
    { name: 'port', type: 'int', default: -1 },
    { name: 'replicas', short: 'r', type: 'int', default: 1 },
  ],
  required: ['image'],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const images = ctx.flags.strings('image');
    const command = ctx.afterDash ?? [];
    if (images.length > 1 && command.length > 0) throw new KubectlError('cannot specify multiple --image options and command');
    const labels = { app: name };
    const port = ctx.flags.int('port');
    const containers = images.map((image, i) => {
      const c: Record<string, unknown> = { name: containerNameFromImage(image, () => ctx.env.cluster.api.randomSuffix()), image };
      if (command.length) c.command = command;
      if (i === 0 && port >= 0) c.ports = [{ containerPort: port }];
      c.resources = {};
      return c;
    });
    return {
      kind: 'Deployment',
      apiVersion: 'apps/v1',
      metadata: objectMeta(ctx, name, labels),
      spec: {
        replicas: ctx.flags.int('replicas'),
        selector: { matchLabels: { ...labels } },
        template: { metadata: { labels: { ...labels } }, spec: { containers } },
        strategy: {},
      },
      status: {},
    };
  },
};
