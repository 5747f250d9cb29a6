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
