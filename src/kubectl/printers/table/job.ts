// Jobs: printJob. STATUS is the first of Complete, Failed, Terminating,
// Suspended, FailureTarget, else Running; DURATION runs until completion.
import { asArray, field, type KubeObject } from '../../../runtime/api/types';
import { parseRFC3339 } from '../../../runtime/clock';
import { humanDuration } from '../duration';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, formatLabelSelector, num, str } from './helpers';
import type { TablePrinter } from './types';

export const jobPrinter: TablePrinter = {
  columns: [NAME, { name: 'Status' }, { name: 'Completions' }, { name: 'Duration' }, AGE, ...templateColumns(true)],
  row(job, ctx) {
    const [names, images] = containerCells(field(job, 'spec', 'template', 'spec'));
    return [
      str(job.metadata.name),
      jobStatus(job),
      completions(job),
      jobDuration(job, ctx.now),
      age(job, ctx.now),
      names,
      images,
      formatLabelSelector(field(job, 'spec', 'selector')),
    ];
  },
};

function completions(job: KubeObject): string {
  const succeeded = num(field(job, 'status', 'succeeded'));
  const wanted = field(job, 'spec', 'completions');
  if (typeof wanted === 'number') return `${succeeded}/${wanted}`;
  const parallelism = num(field(job, 'spec', 'parallelism'));
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: KubeObject, now: number): string {
  const start = parseRFC3339(str(field(job, 'status', 'startTime')));
  if (start === undefined) return '';
  const done = parseRFC3339(str(field(job, 'status', 'completionTime')));
  return humanDuration((done ?? now) - start);
}

function jobStatus(job: KubeObject): string {
  const has = (type: string): boolean => {
    const c = asArray(field(job, 'status', 'conditions')).find((x) => field(x, 'type') === type);
    return field(c, 'status') === 'True';
  };
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}
