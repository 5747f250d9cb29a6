// kubectl logs: a container's output as the kubelet kept it, read through
// the apiserver's pods/log subresource. Picks the pod for TYPE/NAME and the
// default container as kubectl does, and with -f keeps streaming as
// simulated time runs until the container exits.
import { isStatusError } from '../../runtime/api/errors';
import { field, isObject, asArray, type KubeObject } from '../../runtime/api/types';
import { parseRFC3339, toRFC3339 } from '../../runtime/clock';
import type { LogLine } from '../../runtime/kubelet/process';
import { ensureNewline, KubectlError } from '../errors';
import type { CommandContext, Command, Follow, KubectlEnv, KubectlResult, Output } from '../types';
import { allContainerNames, containerNames, DEFAULT_CONTAINER_ANNOTATION, firstPod, getTarget, hasContainer, podsFor } from './podfor';

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";
/** How often a follower looks for new lines (the kubelet's log reader polls the file similarly). */
const FOLLOW_POLL_MS = 1000;

/** cmdutil.UsageErrorf: the message, then where to find help. */
export function usageError(path: string[], message: string): KubectlError {
  return new KubectlError(`${message}\nSee 'kubectl ${path.join(' ')} -h' for help and examples`);
}

interface LogsOptions {
  namespace: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  prefix: boolean;
  tail?: number;
  sinceMs?: number;
  limitBytes: number;
  ignoreErrors: boolean;
}

/** One pods/log request: a pod and one of its containers. */
interface LogRequest {
  pod: KubeObject;
  container: string;
}

export const logsCommand: Command = {
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  flags: [
    { name: 'all-pods', type: 'bool' },
    { name: 'all-containers', type: 'bool' },
    { name: 'follow', short: 'f', type: 'bool' },
    { name: 'timestamps', type: 'bool' },
    { name: 'limit-bytes', type: 'int', default: 0 },
    { name: 'previous', short: 'p', type: 'bool' },
    { name: 'tail', type: 'int', default: -1 },
    { name: 'ignore-errors', type: 'bool' },
    { name: 'since-time', type: 'string' },
    { name: 'since', type: 'duration' },
    { name: 'container', short: 'c', type: 'string' },
    { name: 'insecure-skip-tls-verify-backend', type: 'bool' },
    { name: 'pod-running-timeout', type: 'duration', default: '20s' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'max-log-requests', type: 'int', default: 5 },
    { name: 'prefix', type: 'bool' },
  ],
  run: runLogs,
};

function runLogs(ctx: CommandContext): KubectlResult {
  const { flags, args, env, namespace } = ctx;
  const selector = flags.string('selector');
  if (args.length === 0 && !selector) throw usageError(ctx.path, USAGE);
  if (args.length === 1 && selector) throw usageError(ctx.path, 'only a selector (-l) or a POD name is allowed');
  if (args.length > 2) throw usageError(ctx.path, USAGE);
  const container = args[1] ?? flags.string('container');
  const stderr: string[] = [];

  // Complete: fetch what the argument names before validating the options, as kubectl does.
  let pods: KubeObject[];
  if (selector) {
    pods = env.cluster.api.list('pods', { namespace, labelSelector: selector }).items;
    if (pods.length === 0) return { stdout: '', stderr: `No resources found in ${namespace} namespace.\n`, exitCode: 0 };
  } else {
    pods = pickPod(env, args[0], namespace, flags.bool('all-pods'), stderr);
  }

  const sinceTime = flags.string('since-time');
  const sinceMs = flags.durationMs('since');
  if (sinceTime && sinceMs) throw new KubectlError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  if (flags.bool('all-containers') && container) throw new KubectlError(`--all-containers=true should not be specified with container name ${container}`);
  if (flags.has('container') && args.length === 2) throw new KubectlError('only one of -c or an inline [CONTAINER] arg is allowed');
  if (flags.int('limit-bytes') < 0) throw new KubectlError('--limit-bytes must be greater than 0');
  if (sinceMs !== undefined && sinceMs < 0) throw new KubectlError('--since must be greater than 0');
  const tail = selector && !flags.has('tail') ? 10 : flags.int('tail');
  if (tail < -1) throw new KubectlError('--tail must be greater than or equal to -1');
  let since: number | undefined;
  if (sinceTime) {
    since = parseRFC3339(sinceTime);
    if (since === undefined) throw new KubectlError(`parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(sinceTime)} as "2006"`);
  } else if (sinceMs) {
    since = env.cluster.clock.now() - Math.round(sinceMs / 1000) * 1000;
  }

  const opts: LogsOptions = {
    namespace,
    follow: flags.bool('follow'),
    previous: flags.bool('previous'),
    timestamps: flags.bool('timestamps'),
    prefix: flags.bool('prefix') || flags.bool('all-pods'),
    tail: tail === -1 ? undefined : tail,
    sinceMs: since,
    limitBytes: flags.int('limit-bytes'),
    ignoreErrors: flags.bool('ignore-errors'),
  };
  const requests = pods.flatMap((pod) => requestsFor(pod, container, flags.bool('all-containers'), stderr));
  const warnings = stderr.join('');

  if (opts.follow && requests.length > 1 && requests.length > flags.int('max-log-requests')) {
    throw new KubectlError(
      `you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${flags.int('max-log-requests')}, use --max-log-requests to increase the limit`,
    );
  }
  return consume(env, requests, opts, warnings);
}

/** The pod (or, with --all-pods, pods) a POD or TYPE/NAME argument means. */
function pickPod(env: KubectlEnv, arg: string, namespace: string, allPods: boolean, stderr: string[]): KubeObject[] {
  let target;
  try {
    target = getTarget(env, arg, namespace);
  } catch (e) {
    if (isStatusError(e) && e.reason === 'NotFound') throw new KubectlError(`error from server (NotFound): ${e.message} in namespace ${JSON.stringify(namespace)}`);
    throw e;
  }
  if (allPods) return podsFor(env, target, 'logging', 'cannot get the logs from');
  const { pod, count } = firstPod(env, target, 'logging', 'cannot get the logs from');
  if (count > 1) stderr.push(`Found ${count} pods, using pod/${pod.metadata.name ?? ''}\n`);
  return [pod];
}

/** logsForPod: the default container (annotation, else the first) or every container. */
function requestsFor(pod: KubeObject, container: string, allContainers: boolean, stderr: string[]): LogRequest[] {
  const name = pod.metadata.name ?? '';
  if (allContainers) {
    return [...containerNames(pod, 'initContainers'), ...containerNames(pod), ...containerNames(pod, 'ephemeralContainers')].map((c) => ({ pod, container: c }));
  }
  let chosen = container;
  const annotated = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (!chosen && annotated) {
    if (hasContainer(pod, annotated)) chosen = annotated;
    else stderr.push(`Default container name ${JSON.stringify(annotated)} not found in pod ${name}\n`);
  }
  if (!chosen) {
    const mains = containerNames(pod);
    chosen = mains[0] ?? '';
    const others = mains.length > 1 || containerNames(pod, 'initContainers').length > 0 || containerNames(pod, 'ephemeralContainers').length > 0;
    if (others) stderr.push(`Defaulted container ${JSON.stringify(chosen)} out of: ${allContainerNames(pod)}\n`);
  }
  if (!hasContainer(pod, chosen)) throw new KubectlError(`container ${chosen} is not valid for pod ${name}`);
  return [{ pod, container: chosen }];
}

/** What the kubelet serves for one request: lines, or nothing for a pod no node has taken yet. */
function fetchLines(env: KubectlEnv, req: LogRequest, opts: LogsOptions): LogLine[] {
  if (!field(req.pod, 'spec', 'nodeName')) return [];
  return env.cluster.kubelet.logs(req.pod.metadata.namespace ?? opts.namespace, req.pod.metadata.name ?? '', req.container, { previous: opts.previous });
}

function consume(env: KubectlEnv, requests: LogRequest[], opts: LogsOptions, warnings: string): KubectlResult {
  let stdout = '';
  const streams: { req: LogRequest; seen: LogLine[] }[] = [];
  for (const req of requests) {
    let lines: LogLine[];
    try {
      lines = fetchLines(env, req, opts);
    } catch (e) {
      if (!opts.ignoreErrors) return { stdout, stderr: warnings + errorLine(e), exitCode: 1 };
      stdout += `error: ${e instanceof Error ? e.message : String(e)}\n`;
      continue;
    }
    const shown = selectLines(lines, opts);
    stdout += render(shown, req, opts);
    streams.push({ req, seen: lines });
  }
  if (!opts.follow || opts.previous) return { stdout, stderr: warnings, exitCode: 0 };
  return { stdout, stderr: warnings, exitCode: 0, follow: followStreams(env, streams, opts) };
}

function errorLine(e: unknown): string {
  if (isStatusError(e)) return e.toKubectl() + '\n';
  return `error: ${ensureNewline(e instanceof Error ? e.message : String(e))}`;
}

/** PodLogOptions applied kubelet-side: sinceSeconds/sinceTime, then tailLines, then limitBytes. */
function selectLines(lines: LogLine[], opts: LogsOptions): LogLine[] {
  let out = opts.sinceMs === undefined ? lines : lines.filter((l) => l.t >= (opts.sinceMs ?? 0));
  if (opts.tail !== undefined) out = opts.tail === 0 ? [] : out.slice(-opts.tail);
  return out;
}

function render(lines: LogLine[], req: LogRequest, opts: LogsOptions): string {
  const prefix = opts.prefix ? `[pod/${req.pod.metadata.name ?? ''}/${req.container}] ` : '';
  let text = lines.map((l) => `${prefix}${opts.timestamps ? `${rfc3339Nano(l.t)} ` : ''}${l.text}\n`).join('');
  if (opts.limitBytes > 0) text = truncateBytes(text, opts.limitBytes);
  return text;
}

function truncateBytes(text: string, limit: number): string {
  const bytes = new TextEncoder().encode(text);
  return bytes.length <= limit ? text : new TextDecoder().decode(bytes.slice(0, limit));
}

/** Go's time.RFC3339Nano: fractional seconds with trailing zeros dropped. */
export function rfc3339Nano(ms: number): string {
  const whole = Math.floor(ms / 1000) * 1000;
  const base = toRFC3339(whole).slice(0, 19);
  const frac = ms - whole;
  return frac === 0 ? `${base}Z` : `${base}.${String(frac).padStart(3, '0').replace(/0+$/, '')}Z`;
}

/** The container instance a stream is bound to: a restart or exit ends the stream, as the kubelet's follow does. */
function instanceOf(env: KubectlEnv, pod: KubeObject, container: string): { id: string; running: boolean } | undefined {
  const current = env.cluster.api.tryGet('pods', pod.metadata.name ?? '', pod.metadata.namespace);
  if (!current || current.metadata.uid !== pod.metadata.uid) return undefined;
  const statuses = [...asArray(field(current, 'status', 'initContainerStatuses')), ...asArray(field(current, 'status', 'containerStatuses'))].filter(isObject);
  const s = statuses.find((x) => x.name === container);
  if (!s) return undefined;
  return { id: typeof s.containerID === 'string' ? s.containerID : '', running: isObject(field(s, 'state', 'running')) };
}

/** -f: poll each container's log as simulated time passes; a stream ends when its container exits. */
function followStreams(env: KubectlEnv, streams: { req: LogRequest; seen: LogLine[] }[], opts: LogsOptions): Follow {
  return {
    start(write: (out: Output) => void, done: (code: number) => void): () => void {
      const clock = env.cluster.clock;
      const live = streams.map((s) => ({ ...s, instance: instanceOf(env, s.req.pod, s.req.container) })).filter((s) => s.instance?.running);
      let timer: number | undefined;
      let stopped = false;
      const poll = (): void => {
        timer = undefined;
        if (stopped) return;
        for (const s of [...live]) {
          const now = instanceOf(env, s.req.pod, s.req.container);
          let lines: LogLine[];
          try {
            lines = fetchLines(env, s.req, { ...opts, previous: now?.id !== s.instance?.id });
          } catch {
            lines = s.seen;
          }
          const fresh = newLines(s.seen, lines);
          if (fresh.length) write({ stdout: render(fresh, s.req, { ...opts, limitBytes: 0 }) });
          s.seen = lines;
          if (!now || now.id !== s.instance?.id || !now.running) live.splice(live.indexOf(s), 1);
        }
        if (live.length === 0) {
          stopped = true;
          done(0);
          return;
        }
        timer = clock.setTimer(FOLLOW_POLL_MS, poll, true);
      };
      if (live.length === 0) {
        stopped = true;
        done(0);
      } else timer = clock.setTimer(FOLLOW_POLL_MS, poll, true);
      return () => {
        stopped = true;
        if (timer !== undefined) clock.cancelTimer(timer);
      };
    },
  };
}

/** Lines in `next` after everything in `seen` (logs only grow; the oldest may rotate away). */
function newLines(seen: LogLine[], next: LogLine[]): LogLine[] {
  const last = seen.at(-1);
  if (!last) return next;
  const sameInstant = seen.filter((l) => l.t === last.t).length;
  const firstAfter = next.findIndex((l) => l.t > last.t);
  const atLast = next.filter((l) => l.t === last.t).length;
  const extraAtLast = Math.max(0, atLast - sameInstant);
  const start = firstAfter < 0 ? next.length : firstAfter;
  return [...next.slice(start - extraAtLast, start), ...next.slice(start)];
}
