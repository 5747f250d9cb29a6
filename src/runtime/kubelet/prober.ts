// The kubelet's prober (pkg/kubelet/prober): exec, httpGet, tcpSocket and
// grpc probes against the simulated process. A probe succeeds when the
// process would answer: a port it listens on, a path its server has, an exec
// command that exits 0 given the files the process has written so far.
import { asArray, isObject } from '../api/types';
import { execIn } from './process';
import type { ContainerRecord } from './records';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

export interface ProbeSpec {
  type: ProbeType;
  initialDelayMs: number;
  periodMs: number;
  successThreshold: number;
  failureThreshold: number;
  /** probe-level terminationGracePeriodSeconds, if set. */
  graceSeconds?: number;
  handler: Record<string, unknown>;
}

export interface ProbeResult {
  ok: boolean;
  output: string;
}

const FIELD: Record<ProbeType, string> = { liveness: 'livenessProbe', readiness: 'readinessProbe', startup: 'startupProbe' };
const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d);

export function probeSpec(container: Record<string, unknown>, type: ProbeType): ProbeSpec | undefined {
  const p = container[FIELD[type]];
  if (!isObject(p)) return undefined;
  return {
    type,
    initialDelayMs: num(p.initialDelaySeconds, 0) * 1000,
    periodMs: Math.max(1, num(p.periodSeconds, 10)) * 1000,
    successThreshold: num(p.successThreshold, 1),
    failureThreshold: num(p.failureThreshold, 3),
    graceSeconds: typeof p.terminationGracePeriodSeconds === 'number' ? p.terminationGracePeriodSeconds : undefined,
    handler: p,
  };
}

/** Probe the container at `now` (absolute ms). */
export function runProbe(spec: ProbeSpec, c: ContainerRecord, podIP: string, now: number): ProbeResult {
  const h = spec.handler;
  if (isObject(h.exec)) return execProbe(asArray(h.exec.command).map(String), c, now);
  if (isObject(h.httpGet)) return httpProbe(h.httpGet, c, podIP, now);
  if (isObject(h.tcpSocket)) {
    const port = resolvePort(h.tcpSocket.port, c);
    return listens(c, port) ? { ok: true, output: '' } : { ok: false, output: `dial tcp ${podIP}:${port}: connect: connection refused` };
  }
  if (isObject(h.grpc)) {
    const port = resolvePort(h.grpc.port, c);
    return listens(c, port) ? { ok: true, output: '' } : { ok: false, output: `timeout: failed to connect service "${podIP}:${port}" within 1s` };
  }
  return { ok: true, output: '' };
}

function execProbe(argv: string[], c: ContainerRecord, now: number): ProbeResult {
  if (!c.program || !c.ctx || c.startedAt === undefined) return { ok: false, output: '' };
  const r = execIn(argv, c.program, c.ctx, c.startedAt, now);
  if (r.code === 127 && !argv[0]?.includes('sh')) {
    const msg = `OCI runtime exec failed: exec failed: unable to start container process: exec: "${argv[0] ?? ''}": executable file not found in $PATH: unknown`;
    return { ok: false, output: msg };
  }
  return { ok: r.code === 0, output: r.output };
}

function httpProbe(get: Record<string, unknown>, c: ContainerRecord, podIP: string, now: number): ProbeResult {
  const port = resolvePort(get.port, c);
  const path = typeof get.path === 'string' ? get.path : '/';
  const scheme = get.scheme === 'HTTPS' ? 'https' : 'http';
  const host = typeof get.host === 'string' && get.host ? get.host : podIP;
  if (!listens(c, port)) return { ok: false, output: `Get "${scheme}://${host}:${port}${path}": dial tcp ${host}:${port}: connect: connection refused` };
  const code = httpStatus(c, path, now);
  return code < 400 ? { ok: true, output: '' } : { ok: false, output: `HTTP probe failed with statuscode: ${code}` };
}

/** What the image's server answers on a path. */
function httpStatus(c: ContainerRecord, path: string, now: number): number {
  const repo = c.image?.ref.path ?? '';
  // The liveness example server answers /healthz with 200 for its first 10 seconds, then 500.
  if (repo.endsWith('liveness')) return path === '/healthz' && now - (c.startedAt ?? now) < 10_000 ? 200 : path === '/healthz' ? 500 : 404;
  if (repo.endsWith('nginx') || repo.endsWith('nginx-slim') || repo.endsWith('httpd')) return path === '/' || path === '/index.html' || path.startsWith('/?') ? 200 : 404;
  return 200;
}

function listens(c: ContainerRecord, port: number): boolean {
  return !!c.program?.serves.includes(port);
}

function resolvePort(port: unknown, c: ContainerRecord): number {
  if (typeof port === 'number') return port;
  const named = asArray(c.spec.ports).filter(isObject).find((p) => p.name === port);
  if (named && typeof named.containerPort === 'number') return named.containerPort;
  return Number(port) || 0;
}
