// The "default class" rule shared by DefaultStorageClass and
// DefaultIngressClass: among the classes annotated as default, the newest wins
// (upstream since 1.26), ties broken by name.
import type { KubeObject } from '../types';

export function newestDefaultClass(classes: readonly KubeObject[], annotations: readonly string[]): KubeObject | undefined {
  return classes
    .filter((c) => annotations.some((k) => c.metadata.annotations?.[k] === 'true'))
    .sort((x, y) => String(y.metadata.creationTimestamp).localeCompare(String(x.metadata.creationTimestamp)) || String(x.metadata.name).localeCompare(String(y.metadata.name)))[0];
}
