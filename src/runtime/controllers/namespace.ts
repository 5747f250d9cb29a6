// The namespace controller: when a namespace is deleted it is only marked
// Terminating; this loop deletes everything inside it and, once nothing is
// left, clears the `kubernetes` finalizer so the namespace itself goes away.
import { storeResource } from '../api/apiserver';
import { Controller } from './controller';

export class NamespaceController extends Controller {
  readonly name = 'namespace-controller';

  start(): this {
    this.watch('namespaces');
    // Every deletion inside a terminating namespace may be the one that empties it; a namespace
    // that starts terminating later is enqueued by the namespaces watch, so other changes are dropped early.
    this.watch('*', (o) => (o.metadata.namespace ? o.metadata.namespace : undefined), (o) => !!o.metadata.namespace && this.terminating(o.metadata.namespace));
    return this;
  }

  private terminating(namespace: string): boolean {
    return !!this.api.store.get('/namespaces', undefined, namespace)?.metadata.deletionTimestamp;
  }

  protected reconcile(name: string): void {
    const ns = this.api.tryGet('namespaces', name);
    if (!ns || !ns.metadata.deletionTimestamp) return;
    let remaining = 0;
    for (const t of this.api.registry.all()) {
      if (!t.namespaced || t.virtual) continue;
      for (const obj of this.api.store.list(storeResource(t), name)) {
        remaining++;
        if (!obj.metadata.deletionTimestamp) this.api.delete(t.resource + (t.group ? '.' + t.group : ''), obj.metadata.name ?? '', { namespace: name });
      }
    }
    if (remaining === 0) this.api.finalizeNamespace(name);
  }
}
