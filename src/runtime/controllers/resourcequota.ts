// The resource quota controller: keeps each ResourceQuota's status (hard and
// used) current, so `kubectl describe quota` shows what the namespace consumes.
import { namespaceUsage } from '../api/admission/resourcequota';
import { deepEqual } from '../api/patch';
import { formatQuantity } from '../api/quantity';
import { isObject } from '../api/types';
import { Controller } from './controller';

const BINARY = /memory|storage/;

export class ResourceQuotaController extends Controller {
  readonly name = 'resourcequota-controller';

  start(): this {
    // Any change in a namespace with a quota may move its usage: reconcile the namespace.
    // A quota created later enqueues its own namespace, so namespaces without one are dropped early.
    this.watch('*', (o) => o.metadata.namespace || undefined, (o) => !!o.metadata.namespace && this.api.store.hasAny('/resourcequotas', o.metadata.namespace));
    return this;
  }

  protected reconcile(namespace: string): void {
    const quotas = this.api.list('resourcequotas', { namespace }).items;
    for (const q of quotas) {
      const hard = isObject(q.spec) && isObject(q.spec.hard) ? (q.spec.hard as Record<string, string>) : {};
      const usage = namespaceUsage(this.api, namespace, Object.keys(hard));
      const used = Object.fromEntries(Object.keys(hard).map((k) => [k, formatQuantity(usage[k] ?? 0, BINARY.test(k) ? 'BinarySI' : 'DecimalSI')]));
      const status = { hard: { ...hard }, used };
      if (deepEqual(q.status, status)) continue;
      this.api.updateStatus({ ...q, status });
    }
  }
}
