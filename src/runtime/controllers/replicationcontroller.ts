// The ReplicationController manager (pkg/controller/replication): upstream
// runs the ReplicaSet controller's code for RCs, converting them on the way
// in and out; here the shared base takes the RC's map selector directly.
import type { ApiServer } from '../api/apiserver';
import { fromMap } from '../api/selectors';
import { field } from '../api/types';
import type { Clock } from '../clock';
import { ReplicaSetLikeController } from './replicaset/base';

export class ReplicationControllerManager extends ReplicaSetLikeController {
  readonly name = 'replication-controller';

  constructor(api: ApiServer, clock: Clock) {
    super(api, clock, {
      type: 'replicationcontrollers',
      kind: 'ReplicationController',
      component: 'replication-controller',
      selector: (rc) => fromMap(field(rc, 'spec', 'selector')),
    });
  }
}
