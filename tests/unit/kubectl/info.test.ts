// version, cluster-info, api-resources, api-versions and config. Client-side
// outputs are compared with the real kubectl v1.34.5's, recorded by
// scripts/record-kubectl-golden.sh into golden/.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { DEFAULT_KUBECONFIG, type KubectlEnv } from '../../../src/kubectl/types';
import { createCluster } from '../../../src/runtime/index';

const golden = (name: string): string => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');

let env: KubectlEnv;
const k = (...argv: string[]) => runKubectl(argv, env);

beforeAll(() => {
  env = { cluster: createCluster(), config: { ...DEFAULT_KUBECONFIG } };
});

describe('kubectl version', () => {
  it('prints the client exactly as the real kubectl does', () => {
    expect(k('version', '--client').stdout).toBe(golden('version-client.txt'));
    expect(k('version', '--client', '-o', 'yaml').stdout).toBe(golden('version-client.yaml'));
    expect(k('version', '--client', '-o', 'json').stdout).toBe(golden('version-client.json'));
    expect(k('version', '-o', 'foo').stderr).toBe(golden('version-bad-output.txt'));
  });

  it('adds the simulated server, the release the kubelets run', () => {
    expect(k('version').stdout).toBe('Client Version: v1.34.5\nKustomize Version: v5.7.1\nServer Version: v1.34.1\n');
    const json = JSON.parse(k('version', '-o', 'json').stdout) as { serverVersion: Record<string, string> };
    expect(Object.keys(json.serverVersion)).toEqual([
      'major', 'minor', 'emulationMajor', 'emulationMinor', 'minCompatibilityMajor', 'minCompatibilityMinor',
      'gitVersion', 'gitCommit', 'gitTreeState', 'buildDate', 'goVersion', 'compiler', 'platform',
    ]);
    expect(k('version', '-o', 'yaml').stdout).toContain('serverVersion:\n  buildDate: "2025-09-09T19:37:33Z"\n  compiler: gc\n  emulationMajor: "1"\n');
  });
});

describe('kubectl cluster-info', () => {
  const CONTROL_PLANE = '\x1b[0;32mKubernetes control plane\x1b[0m is running at \x1b[0;33mhttps://10.140.0.10:6443\x1b[0m\n';
  const HINT = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";

  it('names the control plane and the kube-system cluster services, in the colours real kubectl writes', () => {
    expect(k('cluster-info').stdout).toBe(
      CONTROL_PLANE + '\x1b[0;32mCoreDNS\x1b[0m is running at \x1b[0;33mhttps://10.140.0.10:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\x1b[0m\n' + HINT,
    );
  });

  it('looks in another namespace with -n', () => {
    expect(k('cluster-info', '-n', 'default').stdout).toBe(CONTROL_PLANE + HINT);
  });
});

describe('kubectl api-resources and api-versions', () => {
  it('prints the preferred version of each group, sorted by group then name', () => {
    const lines = k('api-resources').stdout.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      'NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND',
      'bindings                                         v1                                true         Binding',
      'componentstatuses                   cs           v1                                false        ComponentStatus',
    ]);
    expect(lines).toContain('deployments                         deploy       apps/v1                           true         Deployment');
    expect(lines).toContain('horizontalpodautoscalers            hpa          autoscaling/v2                    true         HorizontalPodAutoscaler');
    expect(lines.some((l) => l.includes('autoscaling/v1'))).toBe(false);
  });

  it('filters by group and scope, and prints -o wide and -o name', () => {
    expect(k('api-resources', '--api-group=apps', '-o', 'wide').stdout).toBe(
      'NAME                  SHORTNAMES   APIVERSION   NAMESPACED   KIND                 VERBS                                                        CATEGORIES\n' +
        'controllerrevisions                apps/v1      true         ControllerRevision   create,delete,deletecollection,get,list,patch,update,watch   \n' +
        'daemonsets            ds           apps/v1      true         DaemonSet            create,delete,deletecollection,get,list,patch,update,watch   all\n' +
        'deployments           deploy       apps/v1      true         Deployment           create,delete,deletecollection,get,list,patch,update,watch   all\n' +
        'replicasets           rs           apps/v1      true         ReplicaSet           create,delete,deletecollection,get,list,patch,update,watch   all\n' +
        'statefulsets          sts          apps/v1      true         StatefulSet          create,delete,deletecollection,get,list,patch,update,watch   all\n',
    );
    expect(k('api-resources', '--namespaced=false', '--api-group=storage.k8s.io', '-o', 'name').stdout).toBe(
      'csidrivers.storage.k8s.io\ncsinodes.storage.k8s.io\nstorageclasses.storage.k8s.io\nvolumeattachments.storage.k8s.io\nvolumeattributesclasses.storage.k8s.io\n',
    );
    expect(k('api-resources', '--verbs=list', '--api-group=authentication.k8s.io').stdout).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
  });

  it("fails as kubectl does on bad flags and arguments", () => {
    expect(k('api-resources', '--sort-by=x').stderr).toBe('error: --sort-by accepts only name or kind\n');
    expect(k('api-resources', '-o', 'foo').stderr).toBe('error: unable to match a printer suitable for the output format "foo", allowed formats are: json,name,wide,yaml\n');
    expect(k('api-resources', 'extra').stderr).toBe("error: unexpected arguments: [extra]\nSee 'kubectl api-resources -h' for help and examples\n");
  });

  it('lists group/versions sorted, core last', () => {
    const out = k('api-versions').stdout.split('\n');
    expect(out[0]).toBe('admissionregistration.k8s.io/v1');
    expect(out).toContain('autoscaling/v1');
    expect(out.slice(-2)).toEqual(['v1', '']);
  });
});

describe('kubectl config', () => {
  it('views, lists and reads the sandbox kubeconfig as real kubectl prints it', () => {
    const e: KubectlEnv = { cluster: env.cluster, config: { ...DEFAULT_KUBECONFIG } };
    const c = (...argv: string[]) => runKubectl(argv, e);
    expect(c('config', 'view').stdout).toBe(golden('config-view.yaml'));
    expect(c('config', 'view', '-o', 'json').stdout).toBe(golden('config-view.json'));
    expect(c('config', 'get-contexts').stdout).toBe(golden('config-get-contexts.txt'));
    expect(c('config', 'current-context').stdout).toBe(golden('config-current-context.txt'));
    expect(c('config', 'get-clusters').stdout).toBe(golden('config-get-clusters.txt'));
    expect(c('config', 'get-users').stdout).toBe(golden('config-get-users.txt'));
    expect(c('config', 'use-context', 'nope')).toEqual({ stdout: '', stderr: golden('config-use-context-missing.txt'), exitCode: 1 });
    expect(c('config', 'use-context', 'podsphere').stdout).toBe('Switched to context "podsphere".\n');
    expect(c('config', 'view', '--minify', '-o', 'jsonpath={.contexts[0].context.namespace}').stdout).toBe('default');
  });

  it('changes the namespace of the current context, which later commands use', () => {
    const e: KubectlEnv = { cluster: env.cluster, config: { ...DEFAULT_KUBECONFIG } };
    const c = (...argv: string[]) => runKubectl(argv, e);
    expect(c('config', 'set-context', '--current', '--namespace=web').stdout).toBe(golden('config-set-context.txt'));
    expect(e.config.namespace).toBe('web');
    expect(c('config', 'get-contexts').stdout).toBe(golden('config-get-contexts-web.txt'));
    expect(c('get', 'pods').stderr).toBe('No resources found in web namespace.\n');
    expect(c('config', 'set-context').stderr).toBe('error: you must specify a non-empty context name or --current\n');
    expect(c('config', 'get-contexts', 'nope')).toEqual({ stdout: 'CURRENT   NAME   CLUSTER   AUTHINFO   NAMESPACE\n', stderr: 'error: context nope not found\n', exitCode: 1 });
  });
});
