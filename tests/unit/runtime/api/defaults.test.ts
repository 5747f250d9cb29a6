import { describe, it, expect } from 'vitest';
import { applyDefaults } from '../../../../src/runtime/api/defaults/index';
import { defaultPullPolicy } from '../../../../src/runtime/api/defaults/image';
import { canonicalQuantity, canonicalizeResourceList } from '../../../../src/runtime/api/defaults/quantity';
import type { KubeObject } from '../../../../src/runtime/api/types';

const UID = '6f1c2f4e-1b0a-4c1e-9d57-0a1b2c3d4e5f';
const NOW = '2025-06-01T12:00:00Z';

/** Defaults a deep copy of the input, as the apiserver would on create. */
function run(input: unknown, operation?: 'CREATE' | 'UPDATE'): KubeObject {
  const obj = structuredClone(input) as KubeObject;
  applyDefaults(obj, operation ? { operation } : undefined);
  return obj;
}

function meta(name: string, namespace: string | undefined = 'default', extra: Record<string, unknown> = {}) {
  return { name, ...(namespace ? { namespace } : {}), uid: UID, creationTimestamp: NOW, ...extra };
}

/** What every container ends up with besides its own fields. */
const containerDefaults = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
};

/** What every PodSpec (pods and templates) ends up with. */
const podSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
  schedulerName: 'default-scheduler',
};

const template = (labels: Record<string, string>, extraSpec: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...extraSpec },
});

const defaultedTemplate = (labels: Record<string, string>, extraSpec: Record<string, unknown> = {}) => ({
  metadata: { labels },
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
    ...podSpecDefaults,
    ...extraSpec,
  },
});

/** A loose view of defaulted JSON for spot checks. */
interface Loose {
  [key: string]: Loose;
  [index: number]: Loose;
}

interface Case {
  name: string;
  input: unknown;
  expected: unknown;
}

const cases: Case[] = [
  {
    name: 'Pod: container, probe, env, volume, pod defaults and create-time status',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('web', 'default', { labels: { app: 'web' } }),
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            ports: [{ containerPort: 80 }, { containerPort: 53, protocol: 'UDP' }],
            resources: { limits: { cpu: '0.5', memory: '128Mi' } },
            livenessProbe: { httpGet: { port: 80 } },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
            startupProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 8080, path: '/quit' } } },
            env: [
              { name: 'A', value: 'x' },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
            ],
          },
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'] }],
        volumes: [
          { name: 'cfg', configMap: { name: 'cfg' } },
          { name: 'sec', secret: { secretName: 's' } },
          { name: 'info', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
          {
            name: 'proj',
            projected: { sources: [{ serviceAccountToken: { path: 'token' } }, { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } }] },
          },
          { name: 'host', hostPath: { path: '/data' } },
          { name: 'scratch' },
          { name: 'cache', emptyDir: { sizeLimit: '1024Mi' } },
        ],
      },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('web', 'default', { labels: { app: 'web' } }),
      spec: {
        containers: [
          {
            name: 'nginx',
            image: 'nginx',
            imagePullPolicy: 'Always',
            ports: [
              { containerPort: 80, protocol: 'TCP' },
              { containerPort: 53, protocol: 'UDP' },
            ],
            resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '500m', memory: '128Mi' } },
            livenessProbe: { httpGet: { port: 80, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            readinessProbe: { tcpSocket: { port: 80 }, timeoutSeconds: 1, periodSeconds: 5, successThreshold: 1, failureThreshold: 3 },
            startupProbe: { grpc: { port: 9000, service: '' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
            lifecycle: { preStop: { httpGet: { port: 8080, path: '/quit', scheme: 'HTTP' } } },
            env: [
              { name: 'A', value: 'x' },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } } },
              { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '0' } } },
            ],
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'], imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
        volumes: [
          { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
          { name: 'sec', secret: { secretName: 's', defaultMode: 420 } },
          { name: 'info', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels', apiVersion: 'v1' } }] } },
          {
            name: 'proj',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
                { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace', apiVersion: 'v1' } }] } },
              ],
            },
          },
          { name: 'host', hostPath: { path: '/data', type: '' } },
          { name: 'scratch', emptyDir: {} },
          { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
        ],
        ...podSpecDefaults,
        enableServiceLinks: true,
      },
      status: { phase: 'Pending', qosClass: 'Burstable' },
    },
  },
  {
    name: 'Pod: hostNetwork copies container ports to host ports',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('hn'),
      spec: { hostNetwork: true, containers: [{ name: 'c', image: 'app:v1', ports: [{ containerPort: 8080 }, { containerPort: 9090, hostPort: 9090 }] }] },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('hn'),
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'c',
            image: 'app:v1',
            imagePullPolicy: 'IfNotPresent',
            ports: [
              { containerPort: 8080, hostPort: 8080, protocol: 'TCP' },
              { containerPort: 9090, hostPort: 9090, protocol: 'TCP' },
            ],
            ...containerDefaults,
          },
        ],
        ...podSpecDefaults,
        enableServiceLinks: true,
      },
      status: { phase: 'Pending', qosClass: 'BestEffort' },
    },
  },
  {
    name: 'Deployment',
    input: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: { selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: defaultedTemplate({ app: 'web' }),
      },
      status: {},
    },
  },
  {
    name: 'Deployment with Recreate gets no rollingUpdate',
    input: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: { replicas: 3, strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'web' } }, template: template({ app: 'web' }) },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('web'),
      spec: {
        replicas: 3,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: 'web' } },
        revisionHistoryLimit: 10,
        progressDeadlineSeconds: 600,
        template: defaultedTemplate({ app: 'web' }),
      },
      status: {},
    },
  },
  {
    name: 'ReplicaSet',
    input: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('rs'),
      spec: { selector: { matchLabels: { app: 'x' } }, template: template({ app: 'x' }) },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta('rs'),
      spec: { replicas: 1, selector: { matchLabels: { app: 'x' } }, template: defaultedTemplate({ app: 'x' }) },
      status: { replicas: 0 },
    },
  },
  {
    name: 'ReplicationController: selector and labels from the template',
    input: {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: meta('rc'),
      spec: { template: template({ app: 'legacy' }) },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: meta('rc', 'default', { labels: { app: 'legacy' } }),
      spec: { replicas: 1, selector: { app: 'legacy' }, template: defaultedTemplate({ app: 'legacy' }) },
      status: { replicas: 0 },
    },
  },
  {
    name: 'DaemonSet',
    input: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent', 'kube-system'),
      spec: { selector: { matchLabels: { app: 'agent' } }, template: template({ app: 'agent' }) },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: meta('agent', 'kube-system'),
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
        revisionHistoryLimit: 10,
        template: defaultedTemplate({ app: 'agent' }),
      },
      status: { currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 },
    },
  },
  {
    name: 'StatefulSet with a volume claim template',
    input: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: {
        serviceName: 'db',
        selector: { matchLabels: { app: 'db' } },
        template: template({ app: 'db' }),
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } }],
      },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: {
        serviceName: 'db',
        replicas: 1,
        selector: { matchLabels: { app: 'db' } },
        podManagementPolicy: 'OrderedReady',
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        revisionHistoryLimit: 10,
        template: defaultedTemplate({ app: 'db' }),
        volumeClaimTemplates: [
          {
            apiVersion: 'v1',
            kind: 'PersistentVolumeClaim',
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeMode: 'Filesystem' },
            status: { phase: 'Pending' },
          },
        ],
      },
      status: { replicas: 0, availableReplicas: 0 },
    },
  },
  {
    name: 'StatefulSet with an explicit RollingUpdate type gets no rollingUpdate block',
    input: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: { serviceName: 'db', updateStrategy: { type: 'RollingUpdate' }, selector: { matchLabels: { app: 'db' } }, template: template({ app: 'db' }) },
    },
    expected: {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: meta('db'),
      spec: {
        serviceName: 'db',
        replicas: 1,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: { app: 'db' } },
        podManagementPolicy: 'OrderedReady',
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
        revisionHistoryLimit: 10,
        template: defaultedTemplate({ app: 'db' }),
      },
      status: { replicas: 0, availableReplicas: 0 },
    },
  },
  {
    name: 'Job: generated selector and labels',
    input: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('pi'),
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34.0' }] } } },
    },
    expected: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('pi', 'default', {
        labels: {
          'batch.kubernetes.io/controller-uid': UID,
          'batch.kubernetes.io/job-name': 'pi',
          'controller-uid': UID,
          'job-name': 'pi',
        },
      }),
      spec: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
        manualSelector: false,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
        template: {
          metadata: {
            labels: {
              'batch.kubernetes.io/controller-uid': UID,
              'batch.kubernetes.io/job-name': 'pi',
              'controller-uid': UID,
              'job-name': 'pi',
            },
          },
          spec: {
            containers: [{ name: 'pi', image: 'perl:5.34.0', imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
            ...podSpecDefaults,
            restartPolicy: 'Never',
          },
        },
      },
      status: {},
    },
  },
  {
    name: 'Job with a pod failure policy and parallelism only',
    input: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('work', 'default', { labels: { team: 'a' } }),
      spec: {
        parallelism: 3,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        template: { metadata: { labels: { app: 'work' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'w', image: 'busybox:1.36' }] } },
      },
    },
    expected: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('work', 'default', { labels: { team: 'a' } }),
      spec: {
        parallelism: 3,
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        suspend: false,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] },
        podReplacementPolicy: 'Failed',
        manualSelector: false,
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': UID } },
        template: {
          metadata: {
            labels: {
              app: 'work',
              'batch.kubernetes.io/controller-uid': UID,
              'batch.kubernetes.io/job-name': 'work',
              'controller-uid': UID,
              'job-name': 'work',
            },
          },
          spec: {
            containers: [{ name: 'w', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
            ...podSpecDefaults,
            restartPolicy: 'Never',
          },
        },
      },
      status: {},
    },
  },
  {
    name: 'Job with manualSelector keeps the user selector',
    input: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('m'),
      spec: {
        manualSelector: true,
        completions: 5,
        backoffLimitPerIndex: 1,
        completionMode: 'Indexed',
        selector: { matchLabels: { app: 'm' } },
        template: { metadata: { labels: { app: 'm' } }, spec: { restartPolicy: 'OnFailure', containers: [{ name: 'm', image: 'busybox:1.36' }] } },
      },
    },
    expected: {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('m', 'default', { labels: { app: 'm' } }),
      spec: {
        manualSelector: true,
        completions: 5,
        parallelism: 1,
        backoffLimitPerIndex: 1,
        backoffLimit: 2147483647,
        completionMode: 'Indexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { app: 'm' } },
        template: {
          metadata: { labels: { app: 'm' } },
          spec: {
            containers: [{ name: 'm', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
            ...podSpecDefaults,
            restartPolicy: 'OnFailure',
          },
        },
      },
      status: {},
    },
  },
  {
    name: 'CronJob',
    input: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('hello'),
      spec: {
        schedule: '* * * * *',
        jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox:1.28' }] } } } },
      },
    },
    expected: {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('hello'),
      spec: {
        schedule: '* * * * *',
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          metadata: {},
          spec: {
            template: {
              metadata: {},
              spec: {
                containers: [{ name: 'hello', image: 'busybox:1.28', imagePullPolicy: 'IfNotPresent', ...containerDefaults }],
                ...podSpecDefaults,
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
      },
      status: {},
    },
  },
  {
    name: 'Service ClusterIP',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('web'),
      spec: {
        selector: { app: 'web' },
        ports: [
          { port: 80, protocol: 'TCP', targetPort: 80 },
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 'dns' },
        ],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service NodePort',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('np'), spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080, nodePort: 30080 }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('np'),
      spec: {
        type: 'NodePort',
        selector: { app: 'web' },
        ports: [{ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service LoadBalancer',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('lb'), spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ port: 443 }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('lb'),
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'web' },
        ports: [{ port: 443, protocol: 'TCP', targetPort: 443 }],
        sessionAffinity: 'None',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        allocateLoadBalancerNodePorts: true,
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service ExternalName',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('ext'), spec: { type: 'ExternalName', externalName: 'db.example.com' } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('ext'),
      spec: { type: 'ExternalName', externalName: 'db.example.com', sessionAffinity: 'None' },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service headless with selector',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('db'), spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ port: 5432 }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('db'),
      spec: {
        clusterIP: 'None',
        selector: { app: 'db' },
        ports: [{ port: 5432, protocol: 'TCP', targetPort: 5432 }],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service headless without selector asks for both families',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('ext-db'), spec: { clusterIP: 'None', ports: [{ port: 5432 }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('ext-db'),
      spec: {
        clusterIP: 'None',
        ports: [{ port: 5432, protocol: 'TCP', targetPort: 5432 }],
        type: 'ClusterIP',
        sessionAffinity: 'None',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4', 'IPv6'],
        ipFamilyPolicy: 'RequireDualStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Service with ClientIP affinity and externalIPs',
    input: { apiVersion: 'v1', kind: 'Service', metadata: meta('sticky'), spec: { sessionAffinity: 'ClientIP', externalIPs: ['192.0.2.10'], selector: { app: 'web' }, ports: [{ port: 80 }] } },
    expected: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('sticky'),
      spec: {
        sessionAffinity: 'ClientIP',
        sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
        externalIPs: ['192.0.2.10'],
        selector: { app: 'web' },
        ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
        type: 'ClusterIP',
        externalTrafficPolicy: 'Cluster',
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
      },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'Namespace',
    input: { apiVersion: 'v1', kind: 'Namespace', metadata: meta('dev', undefined) },
    expected: {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: meta('dev', undefined, { labels: { 'kubernetes.io/metadata.name': 'dev' } }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
  },
  {
    name: 'Secret: type and stringData merged into data',
    input: { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds'), data: { user: 'YWRtaW4=' }, stringData: { password: 'pässword', user: 'root' } },
    expected: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: meta('creds'),
      type: 'Opaque',
      data: { user: 'cm9vdA==', password: 'cMOkc3N3b3Jk' },
    },
  },
  {
    name: 'PersistentVolume',
    input: { apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('pv1', undefined), spec: { capacity: { storage: '10Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/mnt/data' } } },
    expected: {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: meta('pv1', undefined),
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        hostPath: { path: '/mnt/data', type: '' },
        persistentVolumeReclaimPolicy: 'Retain',
        volumeMode: 'Filesystem',
      },
      status: { phase: 'Pending', lastPhaseTransitionTime: NOW },
    },
  },
  {
    name: 'PersistentVolumeClaim',
    input: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('claim'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: 0.5 } } } },
    expected: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('claim'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500m' } }, volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  },
  {
    name: 'StorageClass',
    input: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('fast', undefined), provisioner: 'example.com/fast' },
    expected: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: meta('fast', undefined),
      provisioner: 'example.com/fast',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    },
  },
  {
    name: 'NetworkPolicy without egress rules',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('deny'),
      spec: { ingress: [{ from: [{ podSelector: { matchLabels: { role: 'fe' } } }], ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }] },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('deny'),
      spec: {
        podSelector: {},
        ingress: [{ from: [{ podSelector: { matchLabels: { role: 'fe' } } }], ports: [{ port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }] }],
        policyTypes: ['Ingress'],
      },
    },
  },
  {
    name: 'NetworkPolicy with egress rules',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('egress'),
      spec: { podSelector: { matchLabels: { app: 'x' } }, egress: [{ ports: [{ port: 5432 }] }] },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('egress'),
      spec: { podSelector: { matchLabels: { app: 'x' } }, egress: [{ ports: [{ port: 5432, protocol: 'TCP' }] }], policyTypes: ['Ingress', 'Egress'] },
    },
  },
  {
    name: 'HorizontalPodAutoscaler v2 without metrics or behavior',
    input: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 },
    },
    expected: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }],
      },
      status: { currentMetrics: null, desiredReplicas: 0 },
    },
  },
  {
    name: 'HorizontalPodAutoscaler v2 with a partial behavior',
    input: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1024Mi' } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    },
    expected: {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 5,
        metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } }],
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            selectPolicy: 'Max',
            policies: [
              { type: 'Pods', value: 4, periodSeconds: 15 },
              { type: 'Percent', value: 100, periodSeconds: 15 },
            ],
          },
          scaleDown: { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
        },
      },
      status: { currentMetrics: null, desiredReplicas: 0 },
    },
  },
  {
    name: 'RoleBinding subjects and roleRef',
    input: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('read'),
      roleRef: { kind: 'Role', name: 'reader' },
      subjects: [
        { kind: 'User', name: 'jane' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'bot', namespace: 'default' },
      ],
    },
    expected: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: meta('read'),
      roleRef: { kind: 'Role', name: 'reader', apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [
        { kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' },
        { kind: 'ServiceAccount', name: 'bot', namespace: 'default', apiGroup: '' },
      ],
    },
  },
  {
    name: 'PriorityClass',
    input: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('high', undefined), value: 1000 },
    expected: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('high', undefined), value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
  },
  {
    name: 'PodDisruptionBudget',
    input: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pdb'), spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
    expected: {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta('pdb'),
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    },
  },
  {
    name: 'EndpointSlice ports',
    input: { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: meta('web-abc'), addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] },
    expected: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: meta('web-abc'),
      addressType: 'IPv4',
      endpoints: [],
      ports: [{ port: 80, name: '', protocol: 'TCP' }],
    },
  },
  {
    name: 'Endpoints ports',
    input: { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80 }] }] },
    expected: { apiVersion: 'v1', kind: 'Endpoints', metadata: meta('web'), subsets: [{ addresses: [{ ip: '10.244.1.5' }], ports: [{ port: 80, protocol: 'TCP' }] }] },
  },
  {
    name: 'LimitRange container item',
    input: {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('limits'),
      spec: {
        limits: [
          { type: 'Container', max: { cpu: '2', memory: '1Gi' }, default: { cpu: '0.5' }, min: { cpu: '100m', memory: '64Mi' } },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: meta('limits'),
      spec: {
        limits: [
          {
            type: 'Container',
            max: { cpu: '2', memory: '1Gi' },
            min: { cpu: '100m', memory: '64Mi' },
            default: { cpu: '500m', memory: '1Gi' },
            defaultRequest: { cpu: '500m', memory: '1Gi' },
          },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    },
  },
  {
    name: 'IngressClass parameters scope',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: meta('nginx', undefined),
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p' } },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: meta('nginx', undefined),
      spec: { controller: 'k8s.io/ingress-nginx', parameters: { apiGroup: 'k8s.example.com', kind: 'Params', name: 'p', scope: 'Cluster' } },
    },
  },
  {
    name: 'PodTemplate: template defaults, serviceAccount alias, ephemeral and in-tree volumes',
    input: {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: meta('tpl'),
      template: {
        spec: {
          serviceAccountName: 'builder',
          containers: [{ name: 'c', image: 'registry.local:5000/c' }],
          volumes: [
            { name: 'eph', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1e9' } } } } } },
            { name: 'disk', azureDisk: { diskName: 'd', diskURI: 'uri' } },
            { name: 'lun', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.x', lun: 0 } },
          ],
        },
      },
    },
    expected: {
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: meta('tpl'),
      template: {
        metadata: {},
        spec: {
          serviceAccountName: 'builder',
          serviceAccount: 'builder',
          containers: [{ name: 'c', image: 'registry.local:5000/c', imagePullPolicy: 'Always', ...containerDefaults }],
          volumes: [
            {
              name: 'eph',
              ephemeral: {
                volumeClaimTemplate: { metadata: {}, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1e9' } }, volumeMode: 'Filesystem' } },
              },
            },
            { name: 'disk', azureDisk: { diskName: 'd', diskURI: 'uri', cachingMode: 'ReadWrite', fsType: 'ext4', readOnly: false, kind: 'Shared' } },
            { name: 'lun', iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.x', lun: 0, iscsiInterface: 'default' } },
          ],
          ...podSpecDefaults,
        },
      },
    },
  },
  {
    name: 'HorizontalPodAutoscaler v1',
    input: {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 },
    },
    expected: {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta('web'),
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 80 },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    },
  },
  {
    name: 'Ingress',
    input: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('ing'),
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
    },
    expected: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('ing'),
      spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
      status: { loadBalancer: {} },
    },
  },
  {
    name: 'ResourceQuota',
    input: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('q'), spec: { hard: { 'requests.cpu': 2, 'requests.memory': '2048Mi', pods: '10' } } },
    expected: {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: meta('q'),
      spec: { hard: { 'requests.cpu': '2', 'requests.memory': '2Gi', pods: '10' } },
      status: {},
    },
  },
  {
    name: 'CSIDriver',
    input: { apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: meta('csi.example.com', undefined), spec: {} },
    expected: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: meta('csi.example.com', undefined),
      spec: {
        attachRequired: true,
        podInfoOnMount: false,
        storageCapacity: false,
        fsGroupPolicy: 'ReadWriteOnceWithFSType',
        volumeLifecycleModes: ['Persistent'],
        requiresRepublish: false,
        seLinuxMount: false,
      },
    },
  },
  {
    name: 'Node: allocatable from capacity',
    input: { apiVersion: 'v1', kind: 'Node', metadata: meta('worker-1', undefined), status: { capacity: { cpu: '4', memory: '8388608Ki', pods: '110' } } },
    expected: {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta('worker-1', undefined),
      spec: {},
      status: { capacity: { cpu: '4', memory: '8Gi', pods: '110' }, allocatable: { cpu: '4', memory: '8Gi', pods: '110' } },
    },
  },
];

describe('applyDefaults: whole objects', () => {
  for (const c of cases) {
    it(c.name, () => {
      const out = run(c.input);
      expect(out).toEqual(c.expected);
      // toEqual ignores undefined-valued keys; the stored JSON must not carry any.
      expect(out).toStrictEqual(JSON.parse(JSON.stringify(out)));
    });
  }

  it('is idempotent: defaulting the result again changes nothing', () => {
    for (const c of cases) {
      expect(run(c.expected), c.name).toEqual(c.expected);
    }
  });
});

describe('imagePullPolicy', () => {
  const table: [string, 'Always' | 'IfNotPresent'][] = [
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['library/nginx', 'Always'],
    ['docker.io/library/nginx:1.25-alpine', 'IfNotPresent'],
    ['registry:5000/app', 'Always'],
    ['registry:5000/app:v1', 'IfNotPresent'],
    ['registry.example.com/team/app:latest', 'Always'],
    ['localhost:5000/app', 'Always'],
    [`app@sha256:${'a'.repeat(64)}`, 'IfNotPresent'],
    [`app:latest@sha256:${'b'.repeat(64)}`, 'Always'],
    [`app:1.0@sha256:${'c'.repeat(64)}`, 'IfNotPresent'],
    // Unparseable references: no tag is found, so IfNotPresent.
    ['app@sha256:abc', 'IfNotPresent'],
    ['app:latest@sha256:abc', 'IfNotPresent'],
    ['Nginx', 'IfNotPresent'],
    ['', 'IfNotPresent'],
  ];
  for (const [image, policy] of table) {
    it(`${image || '(empty)'} → ${policy}`, () => {
      expect(defaultPullPolicy(image)).toBe(policy);
      const pod = run({ apiVersion: 'v1', kind: 'Pod', metadata: meta('p'), spec: { containers: [{ name: 'c', image }] } });
      expect((pod.spec as { containers: { imagePullPolicy: string }[] }).containers[0].imagePullPolicy).toBe(policy);
    });
  }
});

describe('quantities', () => {
  const table: [unknown, string][] = [
    ['0.5', '500m'],
    [0.5, '500m'],
    ['1000m', '1'],
    [1, '1'],
    ['1000', '1k'],
    ['128974848', '128974848'],
    ['129e6', '129e6'],
    ['1.5e3', '1500'],
    ['1024Mi', '1Gi'],
    ['1.5Gi', '1536Mi'],
    ['0.5Ki', '512'],
    ['1Ki', '1Ki'],
    ['123Mi', '123Mi'],
    ['0', '0'],
    ['0m', '0'],
    ['100n', '100n'],
  ];
  for (const [input, out] of table) {
    it(`${String(input)} → ${out}`, () => expect(canonicalQuantity(input)).toBe(out));
  }

  it('resource lists round up to milli precision and keep what does not parse', () => {
    const list: Record<string, unknown> = { cpu: '0.0001', memory: '1e3', bogus: 'lots', gpu: 2 };
    canonicalizeResourceList(list);
    expect(list).toEqual({ cpu: '1m', memory: '1e3', bogus: 'lots', gpu: '2' });
  });
});

describe('pod QoS class', () => {
  const pod = (containers: unknown[]) => run({ apiVersion: 'v1', kind: 'Pod', metadata: meta('q'), spec: { containers } });
  const qos = (containers: unknown[]) => (pod(containers).status as { qosClass: string }).qosClass;

  it('Guaranteed when every container has equal cpu and memory requests and limits', () => {
    expect(qos([{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } }])).toBe('Guaranteed');
    expect(qos([{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1000m', memory: '1Gi' }, requests: { cpu: 1, memory: '1024Mi' } } }])).toBe('Guaranteed');
  });
  it('Burstable when something is requested but not guaranteed', () => {
    expect(qos([{ name: 'a', image: 'x:1', resources: { requests: { cpu: '100m' } } }])).toBe('Burstable');
    expect(qos([{ name: 'a', image: 'x:1', resources: { limits: { cpu: '1' } } }])).toBe('Burstable');
    expect(
      qos([
        { name: 'a', image: 'x:1', resources: { limits: { cpu: '1', memory: '1Gi' } } },
        { name: 'b', image: 'x:1' },
      ]),
    ).toBe('Burstable');
  });
  it('BestEffort without cpu or memory requests and limits', () => {
    expect(qos([{ name: 'a', image: 'x:1' }])).toBe('BestEffort');
    expect(qos([{ name: 'a', image: 'x:1', resources: { limits: { 'example.com/gpu': '1' } } }])).toBe('BestEffort');
  });
  it('uses pod-level resources when they are set', () => {
    const p = run({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('pl'),
      spec: { resources: { limits: { cpu: '1', memory: '1Gi' } }, containers: [{ name: 'a', image: 'x:1' }] },
    });
    expect((p.spec as { resources: unknown }).resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } });
    expect((p.status as { qosClass: string }).qosClass).toBe('Guaranteed');
  });
});

describe('pod create-time mutations', () => {
  it('adds the SchedulingGated condition when scheduling gates are present', () => {
    const p = run({ apiVersion: 'v1', kind: 'Pod', metadata: meta('g'), spec: { schedulingGates: [{ name: 'wait' }], containers: [{ name: 'a', image: 'x:1' }] } });
    expect(p.status).toEqual({
      phase: 'Pending',
      qosClass: 'BestEffort',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: NOW,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ],
    });
  });

  it('merges matchLabelKeys into pod affinity selectors once', () => {
    const input = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('aff', 'default', { labels: { app: 'web', 'pod-template-hash': 'abc' } }),
      spec: {
        containers: [{ name: 'a', image: 'x:1' }],
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'web' } }, matchLabelKeys: ['pod-template-hash'] },
            ],
          },
        },
      },
    };
    const once = run(input);
    const twice = run(once);
    const term = (twice as unknown as Loose).spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0];
    expect(term.labelSelector).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [{ key: 'pod-template-hash', operator: 'In', values: ['abc'] }],
    });
  });

  it('skips create-only steps on UPDATE', () => {
    const p = run({ apiVersion: 'v1', kind: 'Pod', metadata: meta('u'), spec: { containers: [{ name: 'a', image: 'x:1' }] } }, 'UPDATE');
    expect(p.status).toBeUndefined();
    const ns = run({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('n', undefined) }, 'UPDATE');
    expect(ns.spec).toBeUndefined();
  });
});

describe('never overwrites what the user set', () => {
  it('keeps explicit values everywhere', () => {
    const deploy = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta('d'),
      spec: {
        replicas: 0,
        revisionHistoryLimit: 2,
        progressDeadlineSeconds: 60,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
        selector: { matchLabels: { app: 'd' } },
        template: {
          metadata: { labels: { app: 'd' } },
          spec: {
            dnsPolicy: 'Default',
            restartPolicy: 'Always',
            securityContext: { runAsNonRoot: true },
            terminationGracePeriodSeconds: 5,
            schedulerName: 'my-scheduler',
            volumes: [{ name: 's', secret: { secretName: 's', defaultMode: 256 } }],
            containers: [
              {
                name: 'c',
                image: 'nginx',
                imagePullPolicy: 'Never',
                terminationMessagePath: '/tmp/msg',
                terminationMessagePolicy: 'FallbackToLogsOnError',
                ports: [{ containerPort: 80, protocol: 'SCTP' }],
                readinessProbe: { httpGet: { port: 80, path: '/healthz', scheme: 'HTTPS' }, timeoutSeconds: 3, periodSeconds: 7, successThreshold: 2, failureThreshold: 9 },
              },
            ],
          },
        },
      },
    };
    const out = run(deploy) as unknown as Loose;
    expect(out.spec.replicas).toBe(0);
    expect(out.spec.revisionHistoryLimit).toBe(2);
    expect(out.spec.progressDeadlineSeconds).toBe(60);
    expect(out.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    const spec = out.spec.template.spec;
    expect(spec.dnsPolicy).toBe('Default');
    expect(spec.securityContext).toEqual({ runAsNonRoot: true });
    expect(spec.terminationGracePeriodSeconds).toBe(5);
    expect(spec.schedulerName).toBe('my-scheduler');
    expect(spec.volumes[0].secret.defaultMode).toBe(256);
    const c = spec.containers[0];
    expect(c.imagePullPolicy).toBe('Never');
    expect(c.terminationMessagePath).toBe('/tmp/msg');
    expect(c.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(c.ports[0].protocol).toBe('SCTP');
    expect(c.readinessProbe).toEqual({ httpGet: { port: 80, path: '/healthz', scheme: 'HTTPS' }, timeoutSeconds: 3, periodSeconds: 7, successThreshold: 2, failureThreshold: 9 });
  });

  it('keeps explicit service, job and storage settings', () => {
    const svc = run({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta('s'),
      spec: {
        type: 'LoadBalancer',
        selector: { app: 'x' },
        ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }],
        externalTrafficPolicy: 'Local',
        internalTrafficPolicy: 'Local',
        allocateLoadBalancerNodePorts: false,
        ipFamilyPolicy: 'PreferDualStack',
      },
    }) as unknown as Loose;
    expect(svc.spec).toMatchObject({
      ports: [{ port: 80, targetPort: 'http', protocol: 'UDP' }],
      externalTrafficPolicy: 'Local',
      internalTrafficPolicy: 'Local',
      allocateLoadBalancerNodePorts: false,
      ipFamilyPolicy: 'PreferDualStack',
      ipFamilies: ['IPv4'],
    });
    const job = run({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('j'),
      spec: { completions: 4, parallelism: 2, backoffLimit: 0, suspend: true, completionMode: 'Indexed', podReplacementPolicy: 'Failed', template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } } },
    }) as unknown as Loose;
    expect(job.spec).toMatchObject({ completions: 4, parallelism: 2, backoffLimit: 0, suspend: true, completionMode: 'Indexed', podReplacementPolicy: 'Failed' });
    const pv = run({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: meta('pv', undefined), spec: { persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block' } }) as unknown as Loose;
    expect(pv.spec).toEqual({ persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Block' });
    const sc = run({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: meta('sc', undefined), provisioner: 'p', reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' }) as unknown as Loose;
    expect(sc).toMatchObject({ reclaimPolicy: 'Retain', volumeBindingMode: 'WaitForFirstConsumer' });
    const pc = run({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: meta('pc', undefined), value: 1, preemptionPolicy: 'Never' }) as unknown as Loose;
    expect(pc.preemptionPolicy).toBe('Never');
    const rb = run({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: meta('crb', undefined), roleRef: { apiGroup: 'x', kind: 'ClusterRole', name: 'r' }, subjects: [{ kind: 'User', name: 'u', apiGroup: 'custom.io' }] }) as unknown as Loose;
    expect(rb.roleRef.apiGroup).toBe('x');
    expect(rb.subjects[0].apiGroup).toBe('custom.io');
    const np = run({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta('np'), spec: { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] } }) as unknown as Loose;
    expect(np.spec.policyTypes).toEqual(['Egress']);
    const hpa = run({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: meta('h'), spec: { minReplicas: 3, maxReplicas: 4, metrics: [{ type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '10' } } }] } }) as unknown as Loose;
    expect(hpa.spec.minReplicas).toBe(3);
    expect(hpa.spec.metrics).toHaveLength(1);
    expect(hpa.spec.behavior).toBeUndefined();
    const secret = run({ apiVersion: 'v1', kind: 'Secret', metadata: meta('tls'), type: 'kubernetes.io/tls', data: {} }) as unknown as Loose;
    expect(secret.type).toBe('kubernetes.io/tls');
  });

  it('the namespace name label is always the name, as upstream forces it', () => {
    const ns = run({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('prod', undefined, { labels: { 'kubernetes.io/metadata.name': 'other', env: 'prod' } }) });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'prod', env: 'prod' });
  });

  it('does not re-add the namespace finalizer while the namespace terminates', () => {
    const ns = run({ apiVersion: 'v1', kind: 'Namespace', metadata: meta('gone', undefined, { deletionTimestamp: NOW }), spec: { finalizers: [] }, status: { phase: 'Terminating' } });
    expect(ns.spec).toEqual({ finalizers: [] });
    expect(ns.status).toEqual({ phase: 'Terminating' });
  });

  it('keeps a Job whose labels are set by the user', () => {
    const job = run({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('j', 'default', { labels: { owner: 'me' } }),
      spec: { template: { metadata: { labels: { app: 'j', 'job-name': 'custom' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x:1' }] } } },
    }) as unknown as Loose;
    expect(job.metadata.labels).toEqual({ owner: 'me' });
    expect(job.spec.template.metadata.labels['job-name']).toBe('custom');
    expect(job.spec.template.metadata.labels['batch.kubernetes.io/job-name']).toBe('j');
  });
});

describe('unknown kinds and garbage input', () => {
  it('leaves unknown kinds and unserved versions alone', () => {
    const inputs = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cm'), data: { a: 'b' } },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta('w'), spec: {} },
      { apiVersion: 'apps/v1beta1', kind: 'Deployment', metadata: meta('old'), spec: {} },
    ];
    for (const input of inputs) expect(run(input)).toEqual(input);
  });

  const kinds: [string, string][] = [
    ['v1', 'Pod'],
    ['v1', 'PodTemplate'],
    ['v1', 'ReplicationController'],
    ['v1', 'Service'],
    ['v1', 'Namespace'],
    ['v1', 'Secret'],
    ['v1', 'PersistentVolume'],
    ['v1', 'PersistentVolumeClaim'],
    ['v1', 'Endpoints'],
    ['v1', 'LimitRange'],
    ['v1', 'ResourceQuota'],
    ['apps/v1', 'Deployment'],
    ['apps/v1', 'ReplicaSet'],
    ['apps/v1', 'DaemonSet'],
    ['apps/v1', 'StatefulSet'],
    ['batch/v1', 'Job'],
    ['batch/v1', 'CronJob'],
    ['autoscaling/v2', 'HorizontalPodAutoscaler'],
    ['autoscaling/v1', 'HorizontalPodAutoscaler'],
    ['networking.k8s.io/v1', 'NetworkPolicy'],
    ['networking.k8s.io/v1', 'Ingress'],
    ['networking.k8s.io/v1', 'IngressClass'],
    ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
    ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
    ['storage.k8s.io/v1', 'StorageClass'],
    ['storage.k8s.io/v1', 'CSIDriver'],
    ['scheduling.k8s.io/v1', 'PriorityClass'],
    ['policy/v1', 'PodDisruptionBudget'],
    ['discovery.k8s.io/v1', 'EndpointSlice'],
  ];
  const garbage: unknown[] = [null, 'text', 42, true, [], [null, 'x', 3], { containers: 'nope' }];
  const shapes = (g: unknown): Record<string, unknown>[] => [
    { spec: g },
    { spec: { template: g, jobTemplate: g, selector: g, strategy: g, updateStrategy: g, ports: g, metrics: g, behavior: g, limits: g, volumeClaimTemplates: g } },
    { spec: { template: { metadata: g, spec: { containers: g, initContainers: [g], volumes: [g, { name: 'v', secret: g }], securityContext: g } } } },
    {
      spec: {
        containers: [{ name: 'c', image: g, ports: [g], env: [{ valueFrom: g }], resources: g, livenessProbe: g }],
        volumes: [{ name: 'v', projected: { sources: g } }],
        affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [g, { labelSelector: g, matchLabelKeys: g }] } },
        schedulingGates: g,
      },
    },
    { status: g, subjects: g, roleRef: g, stringData: g, data: g, subsets: g, ports: g },
  ];

  it('never throws on odd shapes', () => {
    for (const [apiVersion, kind] of kinds) {
      for (const g of garbage) {
        for (const shape of shapes(g)) {
          const obj = { apiVersion, kind, metadata: meta('x'), ...structuredClone(shape) } as KubeObject;
          expect(() => applyDefaults(obj), `${apiVersion} ${kind} ${JSON.stringify(shape)}`).not.toThrow();
        }
      }
      expect(() => applyDefaults({ apiVersion, kind, metadata: null } as unknown as KubeObject)).not.toThrow();
      expect(() => applyDefaults({ apiVersion, kind, metadata: { labels: 'x', name: 5 } } as unknown as KubeObject)).not.toThrow();
    }
    expect(() => applyDefaults(null as unknown as KubeObject)).not.toThrow();
    expect(() => applyDefaults({ apiVersion: 7, kind: null, metadata: {} } as unknown as KubeObject)).not.toThrow();
  });

  it('does not overwrite fields of the wrong type', () => {
    const out = run({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('d'), spec: { replicas: 'three', strategy: 'fast', template: { spec: { containers: [{ name: 'c', image: 'x:1', resources: 'big' }] } } } }) as unknown as Loose;
    expect(out.spec.replicas).toBe('three');
    expect(out.spec.strategy).toBe('fast');
    expect(out.spec.template.spec.containers[0].resources).toBe('big');
  });
});
