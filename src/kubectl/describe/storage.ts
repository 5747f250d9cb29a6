// PersistentVolumeClaim, PersistentVolume and StorageClass describers: the
// datastore side of a pod's disks.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline, printPodsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { formatLabels, goSlice, list, obj, printBoolPtr, quantity, rfc1123z, since, spec, status, str, strings } from './format';
import { accessModesString, describePVSource } from './volumes';
import { tabbedString, LEVEL_0, LEVEL_1, LEVEL_2, type PrefixWriter } from './writer';

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation wins, then spec.storageClassName. */
function storageClassOf(o: KubeObject): string {
  return o.metadata.annotations?.[BETA_CLASS] ?? str(spec(o).storageClassName);
}

export function describePVC(ctx: DescribeContext, pvc: KubeObject): string {
  const s = spec(pvc);
  const st = status(pvc);
  const events = eventsOf(ctx, pvc);
  const users = podsUsingClaim(ctx, pvc);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pvc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pvc.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pvc)}\n`);
    w.write(LEVEL_0, pvc.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(ctx.now, pvc.metadata.deletionTimestamp)})\n` : `Status:\t${str(st.phase)}\n`);
    w.write(LEVEL_0, `Volume:\t${str(s.volumeName)}\n`);
    printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pvc.metadata.finalizers)}\n`);
    const bound = str(s.volumeName) !== '';
    w.write(LEVEL_0, `Capacity:\t${bound ? quantity(obj(st.capacity).storage) : ''}\n`);
    w.write(LEVEL_0, `Access Modes:\t${bound ? accessModesString(st.accessModes) : ''}\n`);
    if (typeof s.volumeMode === 'string') w.write(LEVEL_0, `VolumeMode:\t${s.volumeMode}\n`);
    if (s.dataSource) {
      const ds = obj(s.dataSource);
      w.write(LEVEL_0, 'DataSource:\n');
      if (typeof ds.apiGroup === 'string') w.write(LEVEL_1, `APIGroup:\t${ds.apiGroup}\n`);
      w.write(LEVEL_1, `Kind:\t${str(ds.kind)}\n`);
      w.write(LEVEL_1, `Name:\t${str(ds.name)}\n`);
    }
    printPodsMultiline(w, 'Used By', users);
    const conditions = list(st.conditions);
    if (conditions.length) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastProbeTime\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(LEVEL_1, `${str(c.type)} \t${str(c.status)} \t${rfc1123z(c.lastProbeTime)} \t${rfc1123z(c.lastTransitionTime)} \t${str(c.reason)} \t${str(c.message)}\n`);
      }
    }
    describeEvents(events, w, ctx.now);
  });
}

/** getPodsForPVC: pods mounting the claim (once per volume), then pods owning it. */
function podsUsingClaim(ctx: DescribeContext, pvc: KubeObject): string[] {
  const pods = ctx.api.list('pods', { namespace: pvc.metadata.namespace }).items;
  const names: string[] = [];
  for (const pod of pods) {
    for (const v of list(spec(pod).volumes)) {
      if (obj(v.persistentVolumeClaim).claimName === pvc.metadata.name && v.persistentVolumeClaim) names.push(pod.metadata.name ?? '');
    }
  }
  for (const ref of pvc.metadata.ownerReferences ?? []) {
    if (ref.kind !== 'Pod') continue;
    const owner = pods.find((p) => p.metadata.uid === ref.uid);
    if (owner && !names.includes(owner.metadata.name ?? '')) names.push(owner.metadata.name ?? '');
  }
  return names;
}

export function describePV(ctx: DescribeContext, pv: KubeObject): string {
  const s = spec(pv);
  const events = eventsOf(ctx, pv);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pv.metadata.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', pv.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', pv.metadata.annotations);
    w.write(LEVEL_0, `Finalizers:\t${goSlice(pv.metadata.finalizers)}\n`);
    w.write(LEVEL_0, `StorageClass:\t${storageClassOf(pv)}\n`);
    w.write(LEVEL_0, pv.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(ctx.now, pv.metadata.deletionTimestamp)})\n` : `Status:\t${str(status(pv).phase)}\n`);
    const claim = obj(s.claimRef);
    w.write(LEVEL_0, `Claim:\t${s.claimRef ? `${str(claim.namespace)}/${str(claim.name)}` : ''}\n`);
    w.write(LEVEL_0, `Reclaim Policy:\t${str(s.persistentVolumeReclaimPolicy)}\n`);
    w.write(LEVEL_0, `Access Modes:\t${accessModesString(s.accessModes)}\n`);
    if (typeof s.volumeMode === 'string') w.write(LEVEL_0, `VolumeMode:\t${s.volumeMode}\n`);
    w.write(LEVEL_0, `Capacity:\t${quantity(obj(s.capacity).storage)}\n`);
    describeVolumeNodeAffinity(w, s.nodeAffinity);
    w.write(LEVEL_0, `Message:\t${str(status(pv).message)}\n`);
    w.write(LEVEL_0, 'Source:\n');
    describePVSource(s, w);
    describeEvents(events, w, ctx.now);
  });
}

function describeVolumeNodeAffinity(w: PrefixWriter, affinity: unknown): void {
  w.write(LEVEL_0, 'Node Affinity:\t');
  const required = obj(affinity).required;
  if (!required) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  w.write(LEVEL_1, 'Required Terms:\t');
  const terms = list(obj(required).nodeSelectorTerms);
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_2, `Term ${i}:\t`);
    const reqs = list(term.matchExpressions);
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_2, '\t');
      const values = strings(r.values);
      w.write(LEVEL_0, `${str(r.key)} ${str(r.operator).toLowerCase()}${values.length ? ` [${values.join(', ')}]` : ''}\n`);
    });
  });
}

export function describeStorageClass(ctx: DescribeContext, sc: KubeObject): string {
  const events = eventsOf(ctx, sc);
  const annotations = sc.metadata.annotations ?? {};
  const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sc.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `IsDefaultClass:\t${isDefault ? 'Yes' : 'No'}\n`);
    w.write(LEVEL_0, `Annotations:\t${formatLabels(annotations)}\n`);
    w.write(LEVEL_0, `Provisioner:\t${str(sc.provisioner)}\n`);
    w.write(LEVEL_0, `Parameters:\t${formatLabels(sc.parameters)}\n`);
    w.write(LEVEL_0, `AllowVolumeExpansion:\t${printBoolPtr(sc.allowVolumeExpansion)}\n`);
    const options = strings(sc.mountOptions);
    if (options.length === 0) {
      w.write(LEVEL_0, 'MountOptions:\t<none>\n');
    } else {
      w.write(LEVEL_0, 'MountOptions:\n');
      for (const o of options) w.write(LEVEL_1, `${o}\n`);
    }
    if (typeof sc.reclaimPolicy === 'string') w.write(LEVEL_0, `ReclaimPolicy:\t${sc.reclaimPolicy}\n`);
    if (typeof sc.volumeBindingMode === 'string') w.write(LEVEL_0, `VolumeBindingMode:\t${sc.volumeBindingMode}\n`);
    if (Array.isArray(sc.allowedTopologies)) describeAllowedTopologies(w, list(sc.allowedTopologies));
    describeEvents(events, w, ctx.now);
  });
}

function describeAllowedTopologies(w: PrefixWriter, terms: Record<string, unknown>[]): void {
  w.write(LEVEL_0, 'AllowedTopologies:\t');
  if (terms.length === 0) {
    w.writeLine('<none>');
    return;
  }
  w.writeLine('');
  terms.forEach((term, i) => {
    w.write(LEVEL_1, `Term ${i}:\t`);
    const reqs = list(term.matchLabelExpressions);
    if (reqs.length === 0) {
      w.writeLine('<none>');
      return;
    }
    reqs.forEach((r, j) => {
      if (j !== 0) w.write(LEVEL_1, '\t');
      const values = strings(r.values);
      w.write(LEVEL_0, `${str(r.key)} in${values.length ? ` [${values.join(', ')}]` : ''}\n`);
    });
  });
}
