// One node's kubelet: admits the pods bound to its node, creates their
// sandboxes, pulls images, starts containers in order (init, sidecars,
// regular), restarts them per restartPolicy with the crash-loop back-off,
// probes them, stops them on deletion within the grace period, and posts
// pod status. Pods and containers move through xstate machines stepped
// purely (machine.ts); this class performs the actions the steps name.
import type { ApiServer } from '../api/apiserver';
import { isStatusError } from '../api/errors';
import { parseQuantity } from '../api/quantity';
import { asArray, field, isObject, type KubeObject } from '../api/types';
import type { Clock, TimerId } from '../clock';
import { EventRecorder } from '../events/recorder';
import { PodIPAllocator, nodeIP, nodePodCIDR } from '../network/ipam';
import { containerSteps, type ContainerEvent } from './containermachine';
import { shellContext } from './environment';
import { goDuration, parseImage, pullDurationMs, resolveImage, hex64, type ImageInfo, type ImageRef } from './images';
import { PureMachine } from './machine';
import { podSteps, type PodEvent } from './podmachine';
import { buildPodStatus, restartPolicy } from './podstatus';
import { logsUntil, programFor, type LogLine } from './process';
import { limitOf } from './resourceusage';
import type { ShellContext } from './shell';
import { probeSpec, runProbe, type ProbeSpec, type ProbeType } from './prober';
import { ContainerRecord, PodRecord, str, type BackoffEntry } from './records';

/** Sandbox creation (RunPodSandbox + CNI ADD). */
export const SANDBOX_MS = 1000;
/** PLEG relist: the kubelet notices an exited container this long after it exits. */
export const PLEG_MS = 1000;
/** kubelet backOffPeriod / MaxContainerBackOff, and the image pull back-off. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** How long a server takes to exit after SIGTERM. */
const SIGTERM_EXIT_MS = 200;
/** Memory above the limit is noticed by the kernel almost at once. */
const OOM_AFTER_MS = 1000;

export interface KubeletOptions {
  api: ApiServer;
  clock: Clock;
  nodeName: string;
  index: number;
  machineID: string;
}

export class Kubelet {
  readonly nodeName: string;
  readonly hostIP: string;
  running = false;
  private readonly api: ApiServer;
  private readonly clock: Clock;
  private readonly machineID: string;
  /** The node's one kubelet event source (pod and node events alike). */
  readonly recorder: EventRecorder;
  private readonly ipam: PodIPAllocator;
  readonly pods = new Map<string, PodRecord>();
  /** namespace → name → record: the UI and the network look pods up by name. */
  private readonly byName = new Map<string, Map<string, PodRecord>>();
  /** The node's containerd image store: survives reboots. */
  readonly images = new Map<string, ImageInfo>();
  private pullBusyUntil = 0;
  private dirty = new Set<PodRecord>();
  private flushQueued = false;
  private readonly flushNow = (): void => this.flush();
  private seq = 0;

  constructor(opts: KubeletOptions) {
    this.api = opts.api;
    this.clock = opts.clock;
    this.nodeName = opts.nodeName;
    this.machineID = opts.machineID;
    this.hostIP = nodeIP(opts.index);
    this.ipam = new PodIPAllocator(nodePodCIDR(opts.index));
    this.recorder = new EventRecorder(opts.api, { component: 'kubelet', host: opts.nodeName });
  }

  // ---- pods from the apiserver ---------------------------------------------

  /** A pod bound to this node was added or changed. */
  onPod(pod: KubeObject): void {
    if (!this.running) return;
    const uid = pod.metadata.uid ?? '';
    const rec = this.pods.get(uid);
    if (!rec) {
      this.admit(pod);
      return;
    }
    rec.pod = pod;
    const load = parseQuantity(pod.metadata.annotations?.['podsphere.io/cpu-load']);
    if (load) rec.load = Math.round(load.value * 1000);
    if (pod.metadata.deletionTimestamp && !rec.deleteRequested) {
      rec.deleteRequested = true;
      this.podEvent(rec, 'DELETE');
    }
  }

  onPodDeleted(pod: KubeObject): void {
    const rec = this.pods.get(pod.metadata.uid ?? '');
    if (rec) this.podEvent(rec, 'REMOVE');
  }

  /** After a reboot: reconcile every pod the apiserver still has on this node. */
  resync(): void {
    const live = new Set<string>();
    for (const pod of this.api.podsOnNode(this.nodeName)) {
      live.add(pod.metadata.uid ?? '');
      const rec = this.pods.get(pod.metadata.uid ?? '');
      if (!rec) {
        this.admit(pod);
        continue;
      }
      rec.pod = pod;
      if (pod.metadata.deletionTimestamp) {
        rec.deleteRequested = true;
        this.podEvent(rec, 'DELETE');
      } else this.podEvent(rec, 'POWER_ON');
    }
    for (const rec of [...this.pods.values()]) if (!live.has(rec.uid)) this.podEvent(rec, 'REMOVE');
  }

  /** The host lost power: every process is gone and nothing is managed until boot. */
  powerLost(): void {
    for (const rec of this.pods.values()) {
      if (rec.timers) for (const t of rec.timers) this.clock.cancelTimer(t);
      rec.timers = undefined;
      for (const c of rec.containers) this.loseContainer(rec, c);
      rec.sandboxReady = false;
      this.podEvent(rec, 'POWER_OFF');
    }
    this.dirty.clear();
  }

  /** What survives a reboot: exited containers in the runtime's records; running ones are lost (Unknown, 255). */
  private loseContainer(rec: PodRecord, c: ContainerRecord): void {
    this.cancelContainerTimers(c);
    const now = this.clock.now();
    if (PureMachine.within(c.state, 'running') && c.containerID && c.startedAt !== undefined) {
      c.term = { exitCode: 255, reason: 'Unknown', startedAt: c.startedAt, finishedAt: now, containerID: c.containerID };
    } else if (c.state === 'terminated' && !this.restarts(rec, c, c.term?.exitCode ?? 0)) return;
    if (c.term) {
      c.last = c.term;
      c.term = undefined;
      c.restartCount++;
    }
    c.ready = false;
    c.started = false;
    c.state = containerSteps.step(c.state, 'NODE_LOST').next;
    c.begun = false;
  }

  private admit(pod: KubeObject): void {
    const phase = isObject(pod.status) ? pod.status.phase : undefined;
    if (phase === 'Succeeded' || phase === 'Failed') return;
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod);
      return;
    }
    const rec = newRecord(pod);
    this.pods.set(rec.uid, rec);
    let names = this.byName.get(rec.namespace);
    if (!names) this.byName.set(rec.namespace, (names = new Map<string, PodRecord>()));
    names.set(rec.name, rec);
    rec.startTime = this.clock.nowRFC3339();
    const load = parseQuantity(pod.metadata.annotations?.['podsphere.io/cpu-load']);
    if (load) rec.load = Math.round(load.value * 1000);
    this.podEvent(rec, 'CREATE_SANDBOX');
    this.after(rec, SANDBOX_MS, () => this.podEvent(rec, 'SANDBOX_READY'));
    this.markDirty(rec);
  }

  // ---- pod machine -----------------------------------------------------------

  podEvent(rec: PodRecord, event: PodEvent): void {
    const step = podSteps.step(rec.state, event);
    if (!step.changed) return;
    rec.state = step.next;
    this.markDirty(rec);
    for (const a of step.actions) this.podAction(rec, a);
  }

  private podAction(rec: PodRecord, action: string): void {
    switch (action) {
      case 'allocateIP':
        rec.podIP = hostNetwork(rec.pod) ? this.hostIP : this.ipam.allocate();
        rec.sandboxReady = true;
        return;
      case 'startContainers':
        this.startNext(rec);
        return;
      case 'stopContainers':
        this.stopAll(rec);
        return;
      case 'releaseIP':
        if (rec.podIP && !hostNetwork(rec.pod) && rec.sandboxReady) this.ipam.release(rec.podIP);
        rec.sandboxReady = false;
        return;
      case 'finishDeletion':
        this.finishDeletion(rec);
        return;
      case 'recordSandboxChanged':
        if (rec.podIP) this.recorder.event(rec.pod, 'Normal', 'SandboxChanged', 'Pod sandbox changed, it will be killed and re-created.');
        if (rec.podIP && !hostNetwork(rec.pod)) this.ipam.release(rec.podIP);
        this.after(rec, SANDBOX_MS, () => this.podEvent(rec, 'SANDBOX_READY'));
        return;
      case 'forget':
        this.forget(rec);
        return;
    }
  }

  private forget(rec: PodRecord): void {
    if (rec.timers) for (const t of rec.timers) this.clock.cancelTimer(t);
    for (const c of rec.containers) this.cancelContainerTimers(c);
    this.pods.delete(rec.uid);
    const names = this.byName.get(rec.namespace);
    if (names?.get(rec.name) === rec) {
      names.delete(rec.name);
      if (names.size === 0) this.byName.delete(rec.namespace);
    }
    this.dirty.delete(rec);
  }

  // ---- containers --------------------------------------------------------------

  private containerEvent(rec: PodRecord, c: ContainerRecord, event: ContainerEvent, detail = ''): void {
    const step = containerSteps.step(c.state, event);
    if (!step.changed) return;
    c.state = step.next;
    this.markDirty(rec);
    for (const a of step.actions) this.containerAction(rec, c, a, detail);
  }

  private containerAction(rec: PodRecord, c: ContainerRecord, action: string, detail: string): void {
    const img = str(c.spec.image);
    switch (action) {
      case 'recordPulling':
        return this.containerRecord(rec, c, 'Normal', 'Pulling', shared(PULLING, img));
      case 'recordPulled':
        return this.containerRecord(rec, c, 'Normal', 'Pulled', detail);
      case 'recordPresent':
        return this.containerRecord(rec, c, 'Normal', 'Pulled', shared(PRESENT, img));
      case 'recordPullFailed':
        this.containerRecord(rec, c, 'Warning', 'Failed', `Failed to pull image "${img}": ${detail}`);
        return this.containerRecord(rec, c, 'Warning', 'Failed', 'Error: ErrImagePull');
      case 'recordPullBackOff':
        this.containerRecord(rec, c, 'Normal', 'BackOff', shared(PULL_BACKOFF, img));
        return this.containerRecord(rec, c, 'Warning', 'Failed', 'Error: ImagePullBackOff');
      case 'recordNeverPull':
        this.containerRecord(rec, c, 'Warning', 'ErrImageNeverPull', detail);
        return this.containerRecord(rec, c, 'Warning', 'Failed', 'Error: ErrImageNeverPull');
      case 'recordInspectFailed':
        this.containerRecord(rec, c, 'Warning', 'InspectFailed', detail);
        return this.containerRecord(rec, c, 'Warning', 'Failed', 'Error: InvalidImageName');
      case 'recordCreated':
        return this.containerRecord(rec, c, 'Normal', 'Created', shared(CREATED, c.name));
      case 'recordStarted':
        return this.containerRecord(rec, c, 'Normal', 'Started', shared(STARTED, c.name));
      case 'recordStartFailed':
        return this.containerRecord(rec, c, 'Warning', 'Failed', `Error: ${detail}`);
      case 'recordKilling':
        return this.containerRecord(rec, c, 'Normal', 'Killing', detail);
      case 'recordBackOff':
        return this.containerRecord(rec, c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${podFullName(rec)}`);
      case 'newInstance':
        return;
    }
  }

  /** An event about one container of the pod. */
  private containerRecord(rec: PodRecord, c: ContainerRecord, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder.event(rec.pod, type, reason, message, { fieldPath: shared(c.kind === 'main' ? MAIN_FIELD : INIT_FIELD, c.name) });
  }

  /** Start whatever may start now: init containers one by one, then the regular ones together. */
  private startNext(rec: PodRecord): void {
    if (rec.state !== 'syncing') return;
    for (const c of rec.containers) {
      if (c.kind === 'main') continue;
      if (c.kind === 'init' && c.state === 'terminated' && c.term?.exitCode === 0) continue;
      if (c.kind === 'sidecar' && c.started) continue;
      if (!c.begun) this.begin(rec, c);
      return;
    }
    for (const c of rec.containers) if (c.kind === 'main' && !c.begun) this.begin(rec, c);
  }

  /** EnsureImageExists, then create and start the container. */
  private begin(rec: PodRecord, c: ContainerRecord): void {
    c.begun = true;
    const raw = str(c.spec.image);
    const ref = parseImage(raw);
    if (!ref) {
      c.waitingMessage = `Failed to apply default image tag "${raw}": couldn't parse image name "${raw}": invalid reference format`;
      this.containerEvent(rec, c, 'INVALID_IMAGE', c.waitingMessage);
      return;
    }
    const policy = typeof c.spec.imagePullPolicy === 'string' ? c.spec.imagePullPolicy : ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
    const present = this.images.get(ref.normalized);
    if (present && policy !== 'Always') {
      c.image = present;
      this.containerEvent(rec, c, 'PRESENT');
      this.start(rec, c);
      return;
    }
    if (policy === 'Never') {
      c.waitingMessage = `Container image "${raw}" is not present with pull policy of Never`;
      this.containerEvent(rec, c, 'NEVER_PULL', c.waitingMessage);
      return;
    }
    if (c.pull && this.clock.now() - c.pull.lastUpdate < c.pull.backoff) {
      this.pullBackOff(rec, c, ref);
      return;
    }
    this.containerEvent(rec, c, 'PULL');
    this.pull(rec, c, ref);
  }

  private pull(rec: PodRecord, c: ContainerRecord, ref: ImageRef): void {
    const requested = this.clock.now();
    const outcome = resolveImage(ref);
    const begins = Math.max(requested, this.pullBusyUntil);
    // Layers already in the store make a re-pull (imagePullPolicy: Always) a quick manifest check.
    const took = !outcome.ok ? 700 : this.images.has(ref.normalized) ? 450 : pullDurationMs(outcome.image.bytes);
    this.pullBusyUntil = begins + took;
    this.containerTimer(rec, c, begins + took - requested, () => {
      if (outcome.ok) {
        // Pods that pulled the same image together share the store's one entry for it.
        const image = this.images.get(ref.normalized) ?? outcome.image;
        this.images.set(ref.normalized, image);
        c.image = image;
        c.pull = undefined;
        const msg = `Successfully pulled image "${ref.raw}" in ${goDuration(took)} (${goDuration(this.clock.now() - requested)} including waiting). Image size: ${outcome.image.bytes} bytes.`;
        this.containerEvent(rec, c, 'PULLED', msg);
        this.start(rec, c);
        return;
      }
      c.pull = { ...nextBackoff(c.pull, this.clock.now()), lastError: outcome.error };
      c.waitingMessage = outcome.error;
      this.containerEvent(rec, c, 'PULL_FAILED', outcome.error);
      this.containerTimer(rec, c, PLEG_MS, () => this.pullBackOff(rec, c, ref));
    });
  }

  private pullBackOff(rec: PodRecord, c: ContainerRecord, ref: ImageRef): void {
    const entry = c.pull;
    if (!entry) return;
    c.waitingMessage = `Back-off pulling image "${ref.raw}": ErrImagePull: ${entry.lastError}`;
    this.containerEvent(rec, c, 'PULL_BACKOFF');
    this.markDirty(rec);
    const retryAt = entry.lastUpdate + entry.backoff;
    this.containerTimer(rec, c, retryAt - this.clock.now(), () => {
      this.containerEvent(rec, c, 'RETRY_PULL');
      this.pull(rec, c, ref);
    });
  }

  private start(rec: PodRecord, c: ContainerRecord): void {
    if (rec.state !== 'syncing' || !c.image || !PureMachine.within(c.state, 'waiting')) return;
    const now = this.clock.now();
    c.containerID = `containerd://${this.newID(rec, c)}`;
    c.startedAt = now;
    c.term = undefined;
    const image = c.image;
    // The environment and files are only worked out for processes that read them (shells, exec probes).
    c.ctx = undefined;
    const context = (): ShellContext => {
      c.ctx ??= shellContext({ api: this.api, pod: rec.pod, container: c.spec, podIP: rec.podIP ?? '', hostIP: this.hostIP, machineID: this.machineID, busybox: /busybox|alpine/.test(image.ref.path) });
      return c.ctx;
    };
    c.program = programFor(c.spec, image, context);
    c.probes = undefined;
    c.waitingMessage = undefined;
    if (c.program.startError !== undefined) {
      this.startFailed(rec, c, c.program.startError);
      return;
    }
    if (hasExecProbe(c.spec)) context();
    const startup = probeSpec(c.spec, 'startup');
    c.started = !startup;
    c.ready = c.kind !== 'init' && c.started && !probeSpec(c.spec, 'readiness');
    this.containerEvent(rec, c, 'START');
    this.scheduleExit(rec, c);
    this.scheduleProbes(rec, c);
    if (c.kind === 'sidecar' && c.started) this.startNext(rec);
  }

  /** containerd marks a container whose task never started exited with 128 StartError and no start time. */
  private startFailed(rec: PodRecord, c: ContainerRecord, message: string): void {
    if (!c.containerID) return;
    c.term = { exitCode: 128, reason: 'StartError', message, startedAt: 0, finishedAt: this.clock.now(), containerID: c.containerID };
    c.ready = false;
    c.started = false;
    this.containerEvent(rec, c, 'START_FAILED', message);
    if (!this.restarts(rec, c, 128)) {
      this.maybeComplete(rec);
      return;
    }
    // The reason cache shows the start error until the next sync decides to restart or back off.
    c.waitingMessage = message;
    this.containerTimer(rec, c, PLEG_MS, () => this.restartOrBackOff(rec, c));
  }

  private scheduleExit(rec: PodRecord, c: ContainerRecord): void {
    const p = c.program;
    if (!p || !c.image) return;
    const limit = parseQuantity(limitOf(c.spec, 'memory'))?.value;
    const idle = c.image.behaviour.kind === 'server' ? c.image.behaviour.memoryMi * 1024 * 1024 : 0;
    const memory = p.memoryBytes || idle;
    const oom = limit !== undefined && memory > limit;
    if (oom && (p.exit === undefined || p.end > OOM_AFTER_MS)) {
      this.containerTimer(rec, c, OOM_AFTER_MS, () => this.exited(rec, c, 137, 'OOMKilled'));
      return;
    }
    if (p.exit !== undefined) {
      const code = p.exit;
      this.containerTimer(rec, c, p.end, () => this.exited(rec, c, code, code === 0 ? 'Completed' : 'Error'));
    }
  }

  private exited(rec: PodRecord, c: ContainerRecord, exitCode: number, reason: string): void {
    if (!PureMachine.within(c.state, 'running') || c.startedAt === undefined || !c.containerID) return;
    this.cancelContainerTimers(c);
    c.term = { exitCode, reason, startedAt: c.startedAt, finishedAt: this.clock.now(), containerID: c.containerID };
    // A completed init container counts as ready: that is what Initialized is computed from.
    c.ready = c.kind === 'init' && exitCode === 0;
    c.started = false;
    this.containerEvent(rec, c, 'EXIT');
    if (rec.state === 'terminating') {
      this.checkStopped(rec);
      return;
    }
    if (this.restarts(rec, c, exitCode)) {
      this.containerTimer(rec, c, PLEG_MS, () => this.restartOrBackOff(rec, c));
      return;
    }
    if (c.kind === 'init' && exitCode === 0) this.startNext(rec);
    else this.maybeComplete(rec);
  }

  private restarts(rec: PodRecord, c: ContainerRecord, exitCode: number): boolean {
    if (c.kind === 'sidecar') return true;
    const policy = restartPolicy(rec.pod);
    if (c.kind === 'init') return exitCode !== 0 && policy !== 'Never';
    return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
  }

  /** doBackOff: restart now unless the container is still inside its back-off window. */
  private restartOrBackOff(rec: PodRecord, c: ContainerRecord): void {
    if (rec.state !== 'syncing') return;
    const now = this.clock.now();
    const finished = c.term?.finishedAt ?? c.last?.finishedAt ?? now;
    const entry = c.crash;
    if (entry && !expired(entry, now) && now - finished < entry.backoff) {
      if (c.term) {
        c.last = c.term;
        c.term = undefined;
      }
      c.waitingMessage = `back-off ${goDuration(entry.backoff)} restarting failed container=${c.name} pod=${podFullName(rec)}`;
      this.containerEvent(rec, c, 'CRASH_BACKOFF');
      this.containerTimer(rec, c, finished + entry.backoff - now, () => this.restartOrBackOff(rec, c));
      return;
    }
    c.crash = nextBackoff(entry, now);
    if (c.term) c.last = c.term;
    c.term = undefined;
    c.previousLogs = this.instanceLogs(c);
    c.restartCount++;
    this.containerEvent(rec, c, 'RESTART');
    this.begin(rec, c);
  }

  /** All regular containers done for good: the pod reaches its terminal phase. */
  private maybeComplete(rec: PodRecord): void {
    const mains = rec.containers.filter((c) => c.kind === 'main');
    const initFailed = rec.containers.some((c) => c.kind === 'init' && c.state === 'terminated' && (c.term?.exitCode ?? 0) !== 0 && restartPolicy(rec.pod) === 'Never');
    const done = initFailed || mains.every((c) => c.state === 'terminated' && !this.restarts(rec, c, c.term?.exitCode ?? 0));
    if (!done) return;
    const sidecars = rec.containers.filter((c) => c.kind === 'sidecar' && PureMachine.within(c.state, 'running'));
    if (sidecars.length) {
      for (const s of sidecars) this.stop(rec, s, this.graceSeconds(rec), shared(STOPPING, s.name));
      return;
    }
    for (const c of rec.containers) if (PureMachine.within(c.state, 'waiting')) this.abandon(rec, c);
    this.podEvent(rec, 'COMPLETE');
  }

  private abandon(rec: PodRecord, c: ContainerRecord): void {
    this.cancelContainerTimers(c);
    if (!c.last && !c.containerID) {
      const now = this.clock.now();
      c.term = { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated', startedAt: now, finishedAt: now, containerID: '' };
      this.containerEvent(rec, c, 'ABANDON');
    }
  }

  // ---- termination -------------------------------------------------------------

  private graceSeconds(rec: PodRecord): number {
    const g = rec.pod.metadata.deletionGracePeriodSeconds ?? field(rec.pod, 'spec', 'terminationGracePeriodSeconds');
    return typeof g === 'number' ? g : 30;
  }

  private stopAll(rec: PodRecord): void {
    const grace = this.graceSeconds(rec);
    for (const c of rec.containers) {
      if (PureMachine.within(c.state, 'running')) this.stop(rec, c, grace, shared(STOPPING, c.name));
      else this.cancelContainerTimers(c);
    }
    this.checkStopped(rec);
  }

  /** killContainer: preStop hook, SIGTERM, and SIGKILL when the grace period runs out. */
  private stop(rec: PodRecord, c: ContainerRecord, graceSeconds: number, message: string): void {
    if (c.state !== 'running.up') return;
    this.cancelContainerTimers(c);
    c.ready = false;
    this.containerEvent(rec, c, 'KILL', message);
    const grace = graceSeconds * 1000;
    const preStop = Math.min(preStopMs(c.spec), grace);
    const p = c.program;
    if (!p || p.ignoresSigterm || preStop >= grace) {
      this.containerTimer(rec, c, grace, () => this.exited(rec, c, 137, 'Error'));
      return;
    }
    const code = p.serves.length > 0 || c.image?.behaviour.kind === 'pause' ? 0 : 143;
    this.containerTimer(rec, c, preStop + SIGTERM_EXIT_MS, () => this.exited(rec, c, code, code === 0 ? 'Completed' : 'Error'));
  }

  private checkStopped(rec: PodRecord): void {
    if (rec.containers.some((c) => PureMachine.within(c.state, 'running'))) return;
    for (const c of rec.containers) if (PureMachine.within(c.state, 'waiting')) this.abandon(rec, c);
    this.podEvent(rec, 'STOPPED');
  }

  /** The status manager's last write for a deleted pod, then the delete with grace 0. */
  private finishDeletion(rec: PodRecord): void {
    this.flushOne(rec, true);
    this.deletePod(rec.pod);
  }

  private deletePod(pod: KubeObject): void {
    try {
      this.api.delete('pods', pod.metadata.name ?? '', { namespace: pod.metadata.namespace, gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }

  // ---- probes --------------------------------------------------------------------

  private scheduleProbes(rec: PodRecord, c: ContainerRecord): void {
    const startup = probeSpec(c.spec, 'startup');
    if (startup) {
      this.probeLater(rec, c, startup, startup.initialDelayMs);
      return;
    }
    for (const type of ['liveness', 'readiness'] as ProbeType[]) {
      const spec = probeSpec(c.spec, type);
      if (spec && c.kind !== 'init') this.probeLater(rec, c, spec, spec.initialDelayMs);
    }
  }

  private probeLater(rec: PodRecord, c: ContainerRecord, spec: ProbeSpec, delay: number): void {
    // Probes that can still change what the pod reports are work for settle(); steady ones are background.
    const failing = (c.probes?.failures[spec.type] ?? 0) >= spec.failureThreshold;
    const pending = !failing && (spec.type === 'startup' || (spec.type === 'readiness' && !c.ready));
    const id = this.clock.setTimer(delay, () => this.probe(rec, c, spec), !pending);
    // Copied rather than pushed: a pushed array keeps room for 16 ids, and a container has one to three.
    c.probeTimers = c.probeTimers ? [...c.probeTimers, id] : [id];
  }

  private probe(rec: PodRecord, c: ContainerRecord, spec: ProbeSpec): void {
    if (c.state !== 'running.up' || !this.running) return;
    c.probeTimers = undefined;
    const now = this.clock.now();
    const result = runProbe(spec, c, rec.podIP ?? '', now);
    const counts = (c.probes ??= freshProbes());
    if (result.ok) {
      counts.successes[spec.type]++;
      counts.failures[spec.type] = 0;
    } else {
      counts.failures[spec.type]++;
      counts.successes[spec.type] = 0;
      const label = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' }[spec.type];
      this.recorder.event(rec.pod, 'Warning', 'Unhealthy', `${label} probe failed: ${result.output}`, { fieldPath: shared(c.kind === 'main' ? MAIN_FIELD : INIT_FIELD, c.name) });
    }
    if (this.applyProbe(rec, c, spec)) return;
    this.probeLater(rec, c, spec, spec.periodMs);
  }

  /** Returns true when the probe result ended this probe loop (restart, or startup passed). */
  private applyProbe(rec: PodRecord, c: ContainerRecord, spec: ProbeSpec): boolean {
    const counts = (c.probes ??= freshProbes());
    if (spec.type === 'readiness') {
      const ready = counts.successes.readiness >= spec.successThreshold ? true : counts.failures.readiness >= spec.failureThreshold ? false : c.ready;
      if (ready !== c.ready) {
        c.ready = ready;
        this.markDirty(rec);
      }
      return false;
    }
    if (counts.failures[spec.type] >= spec.failureThreshold) {
      const grace = spec.graceSeconds ?? (typeof field(rec.pod, 'spec', 'terminationGracePeriodSeconds') === 'number' ? Number(field(rec.pod, 'spec', 'terminationGracePeriodSeconds')) : 30);
      this.stop(rec, c, grace, `Container ${c.name} failed ${spec.type} probe, will be restarted`);
      return true;
    }
    if (spec.type === 'startup' && counts.successes.startup >= spec.successThreshold) {
      c.started = true;
      c.ready = c.kind !== 'init' && !probeSpec(c.spec, 'readiness');
      this.markDirty(rec);
      for (const type of ['liveness', 'readiness'] as ProbeType[]) {
        const s = probeSpec(c.spec, type);
        if (s) this.probeLater(rec, c, s, s.initialDelayMs);
      }
      if (c.kind === 'sidecar') this.startNext(rec);
      return true;
    }
    return false;
  }

  // ---- status ------------------------------------------------------------------------

  markDirty(rec: PodRecord): void {
    this.dirty.add(rec);
    if (this.flushQueued) return;
    this.flushQueued = true;
    this.clock.enqueue(this.flushNow);
  }

  private flush(): void {
    this.flushQueued = false;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const rec of batch) if (rec.state !== 'removed' && rec.state !== 'down' && this.running) this.flushOne(rec, rec.state === 'terminated');
  }

  private flushOne(rec: PodRecord, terminal: boolean): void {
    this.dirty.delete(rec);
    const status = buildPodStatus({ rec, hostIP: this.hostIP, now: this.clock.nowRFC3339(), terminal });
    try {
      rec.pod = this.api.updateStatus({ apiVersion: 'v1', kind: 'Pod', metadata: { name: rec.name, namespace: rec.namespace, uid: rec.uid }, status }, { trusted: true, handoff: true });
    } catch (e) {
      if (!isStatusError(e)) throw e;
    }
  }

  // ---- reads ----------------------------------------------------------------------------

  record(namespace: string, name: string): PodRecord | undefined {
    return this.byName.get(namespace)?.get(name);
  }

  instanceLogs(c: ContainerRecord, until = this.clock.now()): LogLine[] {
    if (!c.program || c.startedAt === undefined) return [];
    const end = c.term ? Math.min(until, c.term.finishedAt) : until;
    return logsUntil(c.program, c.startedAt, end);
  }

  // ---- timers ----------------------------------------------------------------------------

  private after(rec: PodRecord, ms: number, fn: () => void): void {
    const id: TimerId = this.clock.setTimer(ms, () => {
      const rest = rec.timers?.filter((t) => t !== id);
      rec.timers = rest?.length ? rest : undefined;
      fn();
    });
    rec.timers = rec.timers ? [...rec.timers, id] : [id];
  }

  private containerTimer(rec: PodRecord, c: ContainerRecord, ms: number, fn: () => void): void {
    if (c.timer !== undefined) this.clock.cancelTimer(c.timer);
    c.timer = this.clock.setTimer(ms, () => {
      c.timer = undefined;
      fn();
    });
  }

  private cancelContainerTimers(c: ContainerRecord): void {
    if (c.timer !== undefined) this.clock.cancelTimer(c.timer);
    c.timer = undefined;
    if (c.probeTimers) for (const t of c.probeTimers) this.clock.cancelTimer(t);
    c.probeTimers = undefined;
  }

  private newID(rec: PodRecord, c: ContainerRecord): string {
    return hex64(`${this.nodeName}/${rec.uid}/${c.name}/${c.restartCount}/${this.seq++}/${this.clock.random()}`);
  }
}

// ---- helpers -----------------------------------------------------------------------------

function newRecord(pod: KubeObject): PodRecord {
  const spec = isObject(pod.spec) ? pod.spec : {};
  const rec = new PodRecord(pod, podSteps.initial);
  // map and concat size the array exactly: it lives as long as the pod.
  const inits = asArray(spec.initContainers).filter(isObject).map((c) => new ContainerRecord(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init', containerSteps.initial));
  const mains = asArray(spec.containers).filter(isObject).map((c) => new ContainerRecord(c, 'main', containerSteps.initial));
  rec.containers = inits.concat(mains);
  return rec;
}

function freshProbes(): NonNullable<ContainerRecord['probes']> {
  return { failures: { liveness: 0, readiness: 0, startup: 0 }, successes: { liveness: 0, readiness: 0, startup: 0 } };
}

/**
 * Texts that repeat across pods (an image's pull messages, a container name's
 * messages and field path), built once and shared by every event that stores
 * them: a large cluster keeps hundreds of thousands of events.
 */
interface SharedTexts {
  texts: Map<string, string>;
  build: (key: string) => string;
}

const texts = (build: (key: string) => string): SharedTexts => ({ texts: new Map(), build });
const PULLING = texts((img) => `Pulling image "${img}"`);
const PRESENT = texts((img) => `Container image "${img}" already present on machine`);
const PULL_BACKOFF = texts((img) => `Back-off pulling image "${img}"`);
const CREATED = texts((name) => `Created container: ${name}`);
const STARTED = texts((name) => `Started container ${name}`);
const STOPPING = texts((name) => `Stopping container ${name}`);
const MAIN_FIELD = texts((name) => `spec.containers{${name}}`);
const INIT_FIELD = texts((name) => `spec.initContainers{${name}}`);

function shared(t: SharedTexts, key: string): string {
  let text = t.texts.get(key);
  if (text === undefined) {
    // Bounded: keys come from user specs.
    if (t.texts.size >= 4096) t.texts.clear();
    text = t.build(key);
    t.texts.set(key, text);
  }
  return text;
}

/** format.Pod: name_namespace(uid). */
export function podFullName(rec: PodRecord): string {
  return `${rec.name}_${rec.namespace}(${rec.uid})`;
}

function hostNetwork(pod: KubeObject): boolean {
  return isObject(pod.spec) && pod.spec.hostNetwork === true;
}

/** flowcontrol.Backoff: an entry untouched for twice the maximum starts over. */
function expired(entry: BackoffEntry, now: number): boolean {
  return now - entry.lastUpdate > 2 * BACKOFF_MAX_MS;
}

export function nextBackoff(entry: BackoffEntry | undefined, now: number): BackoffEntry {
  if (!entry || expired(entry, now)) return { backoff: BACKOFF_INITIAL_MS, lastUpdate: now };
  return { backoff: Math.min(entry.backoff * 2, BACKOFF_MAX_MS), lastUpdate: now };
}

const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'];

function hasExecProbe(spec: Record<string, unknown>): boolean {
  for (const p of PROBE_FIELDS) {
    const probe = spec[p];
    if (isObject(probe) && isObject(probe.exec)) return true;
  }
  return false;
}

/** A preStop hook's duration: the sleep action, or a `sleep N` in an exec hook. */
function preStopMs(spec: Record<string, unknown>): number {
  const hook = field(spec, 'lifecycle', 'preStop');
  if (!isObject(hook)) return 0;
  const s = field(hook, 'sleep', 'seconds');
  if (typeof s === 'number') return s * 1000;
  const cmd = asArray(field(hook, 'exec', 'command')).map(String).join(' ');
  const m = /sleep\s+(\d+)/.exec(cmd);
  return m ? Number(m[1]) * 1000 : 0;
}

