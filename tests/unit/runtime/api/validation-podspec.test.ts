// Pod create validation paths that the fast paths of api/validation skip or
// shortcut when nothing is wrong: each case asserts the whole message a v1.34
// apiserver gives (pkg/apis/core/validation/validation.go: validateVolumes,
// ValidateVolumeMounts, validateContainers' host port check, validateContainerResourceName,
// ValidateTolerations; apimachinery path.ValidatePathSegmentName for the generic check).
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access --
   fixtures are hand-written, untyped manifests edited in place per case */
import { describe, expect, it } from 'vitest';
import { invalidObject } from '../../../../src/runtime/api/errors';
import type { KubeObject } from '../../../../src/runtime/api/types';
import { validateCreate } from '../../../../src/runtime/api/validation/index';

type Obj = Record<string, any>;

const container = (name = 'web', extra: Obj = {}): Obj => ({
  name,
  image: 'nginx:1.27',
  imagePullPolicy: 'IfNotPresent',
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
  resources: {},
  ...extra,
});

const pod = (spec: Obj = {}, metadata: Obj = {}): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'b1f0c7a2-0000-4000-8000-000000000001', ...metadata },
  spec: { containers: [container()], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler', ...spec },
});

function message(p: Obj): string {
  const errs = validateCreate(p as KubeObject, { namespaced: true });
  return errs.length ? invalidObject('Pod', String(p.metadata.name), errs).message : '';
}

describe('pod create validation: paths past the fast checks', () => {
  it('a volume with two sources names the second', () => {
    const p = pod({ volumes: [{ name: 'data', emptyDir: {}, hostPath: { path: '/srv' } }] });
    expect(message(p)).toBe('The Pod "web" is invalid: spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type');
  });

  it('a volume without a source', () => {
    expect(message(pod({ volumes: [{ name: 'data' }] }))).toBe('The Pod "web" is invalid: spec.volumes[0]: Required value: must specify a volume type');
  });

  it('two mounts at one path', () => {
    const p = pod({
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ],
      containers: [container('web', { volumeMounts: [{ name: 'a', mountPath: '/d' }, { name: 'b', mountPath: '/d' }] })],
    });
    expect(message(p)).toBe('The Pod "web" is invalid: spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/d": must be unique');
  });

  it('a host port used by two containers', () => {
    const ports = [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }];
    const p = pod({ containers: [container('web', { ports }), container('side', { ports })] });
    expect(message(p)).toBe('The Pod "web" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//8080"');
  });

  it('two containers with one name', () => {
    expect(message(pod({ containers: [container(), container()] }))).toBe('The Pod "web" is invalid: spec.containers[1].name: Duplicate value: "web"');
  });

  it('a standard resource that containers cannot request', () => {
    const p = pod({ containers: [container('web', { resources: { requests: { pods: '1' } } })] });
    expect(message(p)).toBe('The Pod "web" is invalid: spec.containers[0].resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers');
  });

  it('a toleration with operator Exists and a value', () => {
    const p = pod({ tolerations: [{ key: 'gpu', operator: 'Exists', value: 'x', effect: 'NoSchedule' }] });
    expect(message(p)).toBe('The Pod "web" is invalid: spec.tolerations[0].operator: Invalid value: "x": value must be empty when `operator` is \'Exists\'');
  });

  it('the generic path-segment check still runs after the pod rules passed', () => {
    // maskTrailingDash drops the character before the dash, so the pod's own rule accepts it.
    const p = pod({}, { generateName: 'web/-' });
    expect(message(p)).toBe('The Pod "web" is invalid: metadata.generateName: Invalid value: "web/-": may not contain \'/\'');
  });

  it('a generateName of a lone dash is not masked (maskTrailingDash needs more than one character)', () => {
    const p = pod({}, { generateName: '-' });
    expect(message(p)).toBe(
      'The Pod "web" is invalid: metadata.generateName: Invalid value: "-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    );
    expect(message(pod({}, { generateName: 'a-' }))).toBe('');
  });

  it('the same metadata validated twice in a row gives the same answer', () => {
    const p = pod({}, { labels: { 'bad key': 'v' } });
    const first = message(p);
    expect(first).toBe(
      'The Pod "web" is invalid: metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    );
    expect(message(p)).toBe(first);
  });
});
