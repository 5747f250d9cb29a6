// The deployment describer: replica counts, strategy, the pod template,
// conditions, and the old and new ReplicaSets of the rollout.
import { findNewReplicaSet, type Deployment } from '../../runtime/controllers/deployment/util';
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { intOrString, num, obj, rfc1123z, selectorString, spec, status, str } from './format';
import { describePodTemplate } from './podtemplate';
import { describeReplicaConditions } from './replicaset';
import { tabbedString, LEVEL_0 } from './writer';

export function describeDeployment(ctx: DescribeContext, d: KubeObject): string {
  const s = spec(d);
  const st = status(d);
  const events = eventsOf(ctx, d);
  const { oldRSs, newRS } = replicaSetsOf(ctx, d);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${d.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(s.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${num(s.replicas)} desired | ${num(st.updatedReplicas)} updated | ${num(st.replicas)} total | ${num(st.availableReplicas)} available | ${num(st.unavailableReplicas)} unavailable\n`,
    );
    const strategy = obj(s.strategy);
    w.write(LEVEL_0, `StrategyType:\t${str(strategy.type)}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${num(s.minReadySeconds)}\n`);
    if (strategy.rollingUpdate && typeof strategy.rollingUpdate === 'object') {
      const ru = obj(strategy.rollingUpdate);
      w.write(LEVEL_0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
    }
    describePodTemplate(s.template, w);
    describeReplicaConditions(st, w);
    if (oldRSs.length || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
    }
    describeEvents(events, w, ctx.now);
  });
}

/** deploymentutil.GetAllReplicaSets: the ReplicaSets this deployment controls, the new one (matching its template) and all others. */
function replicaSetsOf(ctx: DescribeContext, d: KubeObject): { oldRSs: KubeObject[]; newRS: KubeObject | undefined } {
  const owned = ctx.api
    .list('replicasets.apps', { namespace: d.metadata.namespace })
    .items.filter((rs) => (rs.metadata.ownerReferences ?? []).some((r) => r.controller === true && r.uid === d.metadata.uid));
  const newRS = findNewReplicaSet(d as Deployment, owned);
  return { oldRSs: owned.filter((rs) => rs !== newRS), newRS };
}

/** printReplicaSetsByLabels: `name (current/desired replicas created)`, comma separated, or `<none>`. */
function replicaSetsText(rss: KubeObject[]): string {
  const parts = rss.map((rs) => `${rs.metadata.name ?? ''} (${num(status(rs).replicas)}/${num(spec(rs).replicas)} replicas created)`);
  return parts.length ? parts.join(', ') : '<none>';
}
