// The bare control plane the component suites share: an apiserver with its
// admission chain, the system namespaces and their default ServiceAccounts,
// and Node objects registered as a kubelet would — but no scheduler, kubelet
// or other controller unless a suite starts one.
import { admissionChain } from '../../../src/runtime/api/admission/index';
import { ApiServer } from '../../../src/runtime/api/apiserver';
import type { KubeObject } from '../../../src/runtime/api/types';
import { Clock, DEFAULT_EPOCH } from '../../../src/runtime/clock';
import type { Controller } from '../../../src/runtime/controllers/controller';
import { ServiceAccountController } from '../../../src/runtime/controllers/serviceaccount';
import { nodeObject, type NodeIdentity, type NodeSpec } from '../../../src/runtime/kubelet/nodestatus';

export function bareControlPlane(epoch = DEFAULT_EPOCH): { clock: Clock; api: ApiServer; serviceAccounts: Controller } {
  const clock = new Clock(epoch, 1);
  const api = new ApiServer(clock);
  api.useAdmission(...admissionChain());
  const serviceAccounts = new ServiceAccountController(api, clock).start();
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) api.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  clock.drain();
  return { clock, api, serviceAccounts };
}

/** Register host `index` of a cluster spec: the Node, then its status, as a kubelet posts them. */
export function registerNode(api: ApiServer, spec: NodeSpec, index: number, id: NodeIdentity): KubeObject {
  const node = nodeObject(spec, index, id, api.clock.nowRFC3339());
  const created = api.create(node, { trusted: true });
  return api.updateStatus({ ...created, status: node.status });
}
