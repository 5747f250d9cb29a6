// EndpointSlice (discovery.k8s.io/v1) and Endpoints (v1).
// Upstream: pkg/apis/discovery/v1/defaults.go SetDefaults_EndpointPort (name ""
// and protocol TCP); pkg/apis/core/v1/defaults.go SetDefaults_Endpoints.
import type { KubeObject } from '../types';
import { objects, setDefault, setDefaultString } from './util';

export function defaultEndpointSlice(obj: KubeObject): void {
  for (const port of objects(obj.ports)) {
    setDefault(port, 'name', '');
    setDefault(port, 'protocol', 'TCP');
  }
}

export function defaultEndpoints(obj: KubeObject): void {
  for (const subset of objects(obj.subsets)) {
    for (const port of objects(subset.ports)) setDefaultString(port, 'protocol', 'TCP');
  }
}
