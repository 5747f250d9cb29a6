import { beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { hasExplainDocs, typeName, useExplainDocs, wrapIndent } from '../../../src/kubectl/commands/explain';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';
import { generateExplainDocs, type ExplainDocs } from '../../../scripts/gen-explain-docs';

let docs: ExplainDocs;
const env: KubectlEnv = { cluster: createCluster(), config: { ...DEFAULT_KUBECONFIG } };
const k = (...argv: string[]): ReturnType<typeof runKubectl> => runKubectl(argv, env);

/** The wrapped, indented description exactly as the generated docs give it (prose comes from the package, not from this test). */
const field = (model: string, name: string): string => docs.types[model].f[name];

beforeAll(async () => {
  docs = await generateExplainDocs();
  useExplainDocs(docs.types);
});

describe('kubectl explain', () => {
  it('derives descriptions from @kubernetes/client-node', () => {
    expect(hasExplainDocs()).toBe(true);
    expect(docs.types.V1PodSpec.r).toContain('containers');
    expect(docs.types.V1Container.r).toEqual(['name']);
    expect(docs.types.V1Pod.d).toMatch(/^Pod is a collection of containers/);
  });

  it('prints a kind in v1.34\'s layout', () => {
    const pod = docs.types.V1Pod;
    const expected =
      'KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n' +
      `${wrapIndent(pod.d ?? '', 4)}\n\nFIELDS:\n` +
      `  apiVersion\t<string>\n${wrapIndent(pod.f.apiVersion, 4)}\n\n` +
      `  kind\t<string>\n${wrapIndent(pod.f.kind, 4)}\n\n` +
      `  metadata\t<ObjectMeta>\n${wrapIndent(docs.types.V1ObjectMeta.d ?? '', 4)}\n\n` +
      `  spec\t<PodSpec>\n${wrapIndent(docs.types.V1PodSpec.d ?? '', 4)}\n\n` +
      `  status\t<PodStatus>\n${wrapIndent(docs.types.V1PodStatus.d ?? '', 4)}\n\n`;
    expect(k('explain', 'pods')).toEqual({ stdout: expected, stderr: '', exitCode: 0 });
    expect(k('explain', 'po').stdout).toBe(expected);
  });

  it('wraps descriptions at 80 columns as kubectl does', () => {
    expect(wrapIndent('List of containers belonging to the pod. Containers cannot currently be added or removed. There must be at least one container in a Pod. Cannot be updated.', 4)).toBe(
      '    List of containers belonging to the pod. Containers cannot currently be\n    added or removed. There must be at least one container in a Pod. Cannot be\n    updated.',
    );
    expect(wrapIndent('More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources', 4)).toBe(
      '    More info:\n    https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
    );
  });

  it('explains a field path with its type, -required- and the type\'s own description', () => {
    const out = k('explain', 'pods.spec.containers').stdout;
    expect(out.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container> -required-\n\nDESCRIPTION:\n')).toBe(true);
    expect(out).toContain(`${wrapIndent(`${field('V1PodSpec', 'containers')}\n${docs.types.V1Container.d ?? ''}`, 4)}\n\nFIELDS:\n  args\t<[]string>\n`);
    expect(out).toContain(`  name\t<string> -required-\n${wrapIndent(field('V1Container', 'name'), 4)}\n\n`);
    expect(out).toContain('  ports\t<[]ContainerPort>\n');
    expect(k('explain', 'pod.spec.containers.image').stdout).toBe(`KIND:       Pod\nVERSION:    v1\n\nFIELD: image <string>\n\nDESCRIPTION:\n${wrapIndent(field('V1Container', 'image'), 4)}\n\n`);
  });

  it('prints GROUP for grouped kinds and nests fields with --recursive', () => {
    const out = k('explain', 'deployment.spec.strategy', '--recursive').stdout;
    expect(out).toBe(
      `GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: strategy <DeploymentStrategy>\n\nDESCRIPTION:\n${wrapIndent(`${field('V1DeploymentSpec', 'strategy') ?? ''}${field('V1DeploymentSpec', 'strategy') ? '\n' : ''}${docs.types.V1DeploymentStrategy.d ?? ''}`, 4)}\n\n` +
        'FIELDS:\n  rollingUpdate\t<RollingUpdateDeployment>\n    maxSurge\t<IntOrString>\n    maxUnavailable\t<IntOrString>\n  type\t<string>\n',
    );
    expect(k('explain', 'svc.spec.ports').stdout).toContain('  nodePort\t<integer>\n');
    expect(k('explain', 'deployments', '--api-version=apps/v1').exitCode).toBe(0);
  });

  it('names types as kubectl\'s typeGuess does', () => {
    expect(typeName('[s')).toBe('[]string');
    expect(typeName('{s')).toBe('map[string]string');
    expect(typeName('{[s')).toBe('map[string][]string');
    expect(typeName('V1ObjectMeta')).toBe('ObjectMeta');
    expect(typeName('CoreV1EventSource')).toBe('EventSource');
    expect(typeName('n:int32')).toBe('integer');
    expect(typeName('*')).toBe('Object');
  });

  it('gives kubectl\'s errors', () => {
    expect(k('explain').stderr).toBe('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n');
    expect(k('explain', 'pods', 'nodes').stderr).toBe('error: We accept only this format: explain RESOURCE\n');
    expect(k('explain', 'foo').stderr).toBe('error: the server doesn\'t have a resource type "foo"\n');
    expect(k('explain', 'pods.spec.foo')).toMatchObject({ stderr: 'error: field "[spec foo]" does not exist\n', exitCode: 1 });
  });
});
