// Simulated resource usage, as cAdvisor would measure it and the kubelet's
// resource metrics endpoint would serve it to metrics-server: an idle figure
// per image, busy work from stress-like commands or busy loops, and a load a
// lesson sets on a pod (annotation `podsphere.io/cpu-load: "250m"` or
// cluster.kubelet.setLoad) to drive the HPA. CPU never exceeds the limit
// (CFS throttling); memory over the limit is an OOM kill (kubelet.ts).
import { parseQuantity } from '../api/quantity';
import { field } from '../api/types';
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
  const limit = parseQuantity(field(c.spec, 'resources', 'limits', 'cpu'))?.value;
  if (limit !== undefined) cpu = Math.min(cpu, Math.round(limit * 1000));
  const base = c.program?.memoryBytes || idleMem;
  const memory = Math.round(base * (0.97 + random() * 0.06));
  return { name: c.name, cpu, memory };
}

/** Usage of a pod's running containers, or undefined when none runs. */
export function podUsage(rec: PodRecord, random: () => number): ContainerUsage[] | undefined {
  const running = rec.containers.filter((c) => PureMachine.within(c.state, 'running'));
  if (running.length === 0) return undefined;
  const firstMain = running.find((c) => c.kind === 'main');
  return running.map((c) => containerUsage(rec, c, c === firstMain, random));
}
