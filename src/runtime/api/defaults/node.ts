// Node (v1). Upstream: pkg/apis/core/v1/defaults.go SetDefaults_NodeStatus
// (allocatable defaults to capacity) and SetDefaults_ResourceList on both.
import type { KubeObject } from '../types';
import { canonicalizeResourceList } from './quantity';
import { asObj, child, ensureChild, isNil } from './util';

export function defaultNode(obj: KubeObject): void {
  // NodeSpec is a struct: `spec: {}` when nothing is set.
  ensureChild(obj, 'spec');
  const status = child(obj, 'status');
  if (!status) return;
  const capacity = asObj(status.capacity);
  if (capacity && isNil(status.allocatable)) status.allocatable = { ...capacity };
  canonicalizeResourceList(status.capacity);
  canonicalizeResourceList(status.allocatable);
}
