// Every `kubectl create <generator>`, grouped as kubectl groups them
// (`create service clusterip`, `create secret generic`).
import { configMapGenerator } from './configmap';
import { cronJobGenerator } from './cronjob';
import { deploymentGenerator } from './deployment';
import type { Generator } from './generator';
import { ingressGenerator } from './ingress';
import { jobGenerator } from './job';
import { namespaceGenerator } from './namespace';
import { pdbGenerator } from './pdb';
import { priorityClassGenerator } from './priorityclass';
import { quotaGenerator } from './quota';
import { clusterRoleBindingGenerator, clusterRoleGenerator, roleBindingGenerator, roleGenerator } from './rbac';
import { secretDockerRegistryGenerator } from './secretdocker';
import { secretGenericGenerator } from './secretgeneric';
import { secretTLSGenerator } from './secrettls';
import { serviceAccountGenerator } from './serviceaccount';
import { serviceGenerators } from './service';

export type { Generator } from './generator';

export interface GeneratorGroup {
  name: string;
  aliases?: string[];
  short: string;
  generators: Generator[];
}

export const GENERATORS: (Generator | GeneratorGroup)[] = [
  clusterRoleGenerator,
  clusterRoleBindingGenerator,
  configMapGenerator,
  cronJobGenerator,
  deploymentGenerator,
  ingressGenerator,
  jobGenerator,
  namespaceGenerator,
  pdbGenerator,
  priorityClassGenerator,
  quotaGenerator,
  roleGenerator,
  roleBindingGenerator,
  {
    name: 'secret',
    short: 'Create a secret using a specified subcommand',
    generators: [secretDockerRegistryGenerator, secretGenericGenerator, secretTLSGenerator],
  },
  { name: 'service', aliases: ['svc'], short: 'Create a service using a specified subcommand', generators: serviceGenerators },
  serviceAccountGenerator,
];

/** The message prefix kubectl puts before a failed create request, per generator (none: the server's error as is). */
export const CREATE_FAILURE_PREFIX: Record<string, string> = {
  deployment: 'failed to create deployment: ',
  configmap: 'failed to create configmap: ',
  clusterip: 'failed to create ClusterIP service: ',
  nodeport: 'failed to create NodePort service: ',
  loadbalancer: 'failed to create LoadBalancer service: ',
  externalname: 'failed to create ExternalName service: ',
};
