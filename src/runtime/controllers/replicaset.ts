// The ReplicaSet controller: keeps spec.replicas pods matching the selector
// running — vSphere HA for stateless pods. The logic lives in replicaset/base.ts,
// shared with the ReplicationController, as upstream shares it.
import type { ApiServer } from '../api/apiserver';
import { fromLabelSelector } from '../api/selectors';
import { field } from '../api/types';
import type { Clock } from '../clock';
import { ReplicaSetLikeController } from './replicaset/base';

export class ReplicaSetController extends ReplicaSetLikeController {
  readonly name = 'replicaset-controller';

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock, {
      type: 'replicasets',
      kind: 'ReplicaSet',
      component: 'replicaset-controller',
      selector: (rs) => fromLabelSelector(field(rs, 'spec', 'selector')),
    });
  }
}
