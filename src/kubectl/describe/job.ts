// Job and CronJob describers.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { controlledBy, list, num, obj, printBoolPtr, rfc1123z, selectorString, spec, status, str, timestampMs } from './format';
import { describePodTemplate } from './podtemplate';
import { humanDuration } from '../printers/duration';
import { tabbedString, LEVEL_0, type PrefixWriter } from './writer';

export function describeJob(ctx: DescribeContext, job: KubeObject): string {
  const s = spec(job);
  const st = status(job);
  const events = eventsOf(ctx, job);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${job.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(s.selector)}\n`);
    printLabelsMultiline(w, 'Labels', job.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
    const owner = controlledBy(job);
    if (owner) w.write(LEVEL_0, `Controlled By:\t${owner}\n`);
    if (typeof s.parallelism === 'number') w.write(LEVEL_0, `Parallelism:\t${s.parallelism}\n`);
    w.write(LEVEL_0, typeof s.completions === 'number' ? `Completions:\t${s.completions}\n` : 'Completions:\t<unset>\n');
    if (typeof s.completionMode === 'string') w.write(LEVEL_0, `Completion Mode:\t${s.completionMode}\n`);
    if (typeof s.suspend === 'boolean') w.write(LEVEL_0, `Suspend:\t${s.suspend}\n`);
    if (typeof s.backoffLimit === 'number') w.write(LEVEL_0, `Backoff Limit:\t${s.backoffLimit}\n`);
    if (typeof s.ttlSecondsAfterFinished === 'number') w.write(LEVEL_0, `TTL Seconds After Finished:\t${s.ttlSecondsAfterFinished}\n`);
    if (st.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(st.startTime)}\n`);
    if (st.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(st.completionTime)}\n`);
    const start = timestampMs(st.startTime);
    const end = timestampMs(st.completionTime);
    if (start !== undefined && end !== undefined) w.write(LEVEL_0, `Duration:\t${humanDuration(end - start)}\n`);
    if (typeof s.activeDeadlineSeconds === 'number') w.write(LEVEL_0, `Active Deadline Seconds:\t${s.activeDeadlineSeconds}s\n`);
    const counts = `${num(st.active)} Active${typeof st.ready === 'number' ? ` (${st.ready} Ready)` : ''} / ${num(st.succeeded)} Succeeded / ${num(st.failed)} Failed`;
    w.write(LEVEL_0, `Pods Statuses:\t${counts}\n`);
    if (s.completionMode === 'Indexed') w.write(LEVEL_0, `Completed Indexes:\t${capIndexes(str(st.completedIndexes), 50)}\n`);
    describePodTemplate(s.template, w);
    describeEvents(events, w, ctx.now);
  });
}

/** capIndexesListOrNone: cut after the first comma past the soft limit, with `...`. */
function capIndexes(indexes: string, softLimit: number): string {
  if (indexes === '') return '<none>';
  let i = softLimit;
  while (i < indexes.length && indexes[i] !== ',') i++;
  return i >= indexes.length ? indexes : `${indexes.slice(0, i + 1)}...`;
}

export function describeCronJob(ctx: DescribeContext, cj: KubeObject): string {
  const s = spec(cj);
  const st = status(cj);
  const events = eventsOf(ctx, cj);
  const optional = (v: unknown, suffix = ''): string => (typeof v === 'number' ? `${v}${suffix}` : '<unset>');
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
    w.write(LEVEL_0, `Schedule:\t${str(s.schedule)}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${str(s.concurrencyPolicy)}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(s.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${optional(s.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${optional(s.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${optional(s.startingDeadlineSeconds, 's')}\n`);
    describeJobTemplate(obj(s.jobTemplate), w);
    w.write(LEVEL_0, st.lastScheduleTime ? `Last Schedule Time:\t${rfc1123z(st.lastScheduleTime)}\n` : 'Last Schedule Time:\t<unset>\n');
    const active = list(st.active).map((j) => str(j.name));
    w.write(LEVEL_0, 'Active Jobs:\t');
    w.writeLine(active.length ? active.join(', ') : '<none>');
    describeEvents(events, w, ctx.now);
  });
}

function describeJobTemplate(template: Record<string, unknown>, w: PrefixWriter): void {
  const s = obj(template.spec);
  const optional = (v: unknown): string => (typeof v === 'number' ? String(v) : '<unset>');
  w.write(LEVEL_0, s.selector ? `Selector:\t${selectorString(s.selector)}\n` : 'Selector:\t<unset>\n');
  w.write(LEVEL_0, `Parallelism:\t${optional(s.parallelism)}\n`);
  w.write(LEVEL_0, `Completions:\t${optional(s.completions)}\n`);
  if (typeof s.activeDeadlineSeconds === 'number') w.write(LEVEL_0, `Active Deadline Seconds:\t${s.activeDeadlineSeconds}s\n`);
  describePodTemplate(s.template, w);
}
