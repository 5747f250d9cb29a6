// The metrics pipeline (kubelet's resource metrics → metrics-server →
// metrics.k8s.io): the kubelet records simulated usage per container here;
// `kubectl top` and the HPA controller read it. Usage is simulated, and the
// UI says so.

export interface ContainerUsage {
  name: string;
  /** millicores */
  cpu: number;
  /** bytes */
  memory: number;
}

export interface PodUsage {
  namespace: string;
  name: string;
  uid: string;
  nodeName: string;
  /** Simulated time (ms) the sample was taken. */
  timestamp: number;
  containers: ContainerUsage[];
}

export class MetricsRegistry {
  private pods = new Map<string, PodUsage>();

  record(usage: PodUsage): void {
    this.pods.set(`${usage.namespace}/${usage.name}`, usage);
  }

  forget(namespace: string, name: string): void {
    this.pods.delete(`${namespace}/${name}`);
  }

  pod(namespace: string, name: string): PodUsage | undefined {
    return this.pods.get(`${namespace}/${name}`);
  }

  allPods(): PodUsage[] {
    return [...this.pods.values()];
  }

  /** Sum of container usage on one node. */
  node(nodeName: string): { cpu: number; memory: number } {
    let cpu = 0;
    let memory = 0;
    for (const p of this.pods.values()) {
      if (p.nodeName !== nodeName) continue;
      for (const c of p.containers) {
        cpu += c.cpu;
        memory += c.memory;
      }
    }
    return { cpu, memory };
  }
}
