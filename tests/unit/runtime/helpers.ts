// Shared test helpers for the runtime suites.
import { isStatusError, type StatusError } from '../../../src/runtime/api/errors';

/** Run fn, expect a StatusError, and return it for further checks. */
export function statusError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError, but the call succeeded');
}

/** A minimal namespaced CRD serving example.com/v1 Widget. */
export const crdYaml = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    kind: Widget
    plural: widgets
    singular: widget
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
