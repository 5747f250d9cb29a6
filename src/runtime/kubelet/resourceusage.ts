// Simulated resource usage, as cAdvisor would measure it and the kubelet's
// resource metrics endpoint would serve it to metrics-server: an idle figure
// per image, busy work from stress-like commands or busy loops, and a load a
// lesson sets on a pod (annotation `podsphere.io/cpu-load: "250m"` or
// cluster.kubelet.setLoad) to drive the HPA. CPU never exceeds the limit
// (CFS throttling); memory over the limit is an OOM kill (kubelet.ts).
import { parseQuantity } from '../api/quantity';
import { isObject } from '../api/types';
import type { ContainerUsage } from '../metrics';
import { PureMachine } from './machine';
import type { ContainerRecord, PodRecord } from './records';

const MI = 1024 * 1024;

export function containerUsage(rec: PodRecord, c: ContainerRecord, first: boolean, random: () => number): ContainerUsage {
  const behaviour = c.image?.behaviour;
  const idleCpu = behaviour?.kind === 'server' ? behaviour.cpuMilli : 0;
  const idleMem = behaviour?.kind === 'server' ? behaviour.memoryMi * MI : behaviour?.kind === 'pause' ? 0.25 * MI : 0.4 * MI;
  let cpu = Math.max(c.program?.cpuMilli ?? 0, idleCpu + Math.round(random() * 2));
  if (first && rec.load !== undefined) cpu = rec.load;
  const limit = parseQuantity(limitOf(c.spec, 'cpu'))?.value;
  if (limit !== undefined) cpu = Math.min(cpu, Math.round(limit * 1000));
  const base = c.program?.memoryBytes || idleMem;
  const memory = Math.round(base * (0.97 + random() * 0.06));
  return { name: c.name, cpu, memory };
}

/** spec.resources.limits[name], read without building a path (every container, every scrape). */
export function limitOf(spec: Record<string, unknown>, name: string): unknown {
  const r = spec.resources;
  if (!isObject(r) || !isObject(r.limits)) return undefined;
  return r.limits[name];
}

/** Usage of a pod's running containers, or undefined when none runs. */
export function podUsage(rec: PodRecord, random: () => number): ContainerUsage[] | undefined {
  let out: ContainerUsage[] | undefined;
  let firstMain = true;
  for (const c of rec.containers) {
    if (!PureMachine.within(c.state, 'running')) continue;
    const first = firstMain && c.kind === 'main';
    if (first) firstMain = false;
    const usage = containerUsage(rec, c, first, random);
    // Sized exactly (not pushed into spare capacity): the metrics registry keeps the list until the next scrape.
    out = out ? [...out, usage] : [usage];
  }
  return out;
}
