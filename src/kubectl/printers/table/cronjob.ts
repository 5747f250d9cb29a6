// CronJobs: printCronJob. SUSPEND prints the *bool as True/False/<unset>.
import { asArray, field } from '../../../runtime/api/types';
import { templateColumns } from './deployment';
import { AGE, NAME, age, containerCells, formatLabelSelector, since, str } from './helpers';
import type { TablePrinter } from './types';

export const cronJobPrinter: TablePrinter = {
  columns: [NAME, { name: 'Schedule' }, { name: 'Timezone' }, { name: 'Suspend' }, { name: 'Active' }, { name: 'Last Schedule' }, AGE, ...templateColumns(true)],
  row(cj, ctx) {
    const spec = field(cj, 'spec');
    const suspend = field(spec, 'suspend');
    const last = field(cj, 'status', 'lastScheduleTime');
    const jobSpec = field(spec, 'jobTemplate', 'spec');
    const [names, images] = containerCells(field(jobSpec, 'template', 'spec'));
    return [
      str(cj.metadata.name),
      str(field(spec, 'schedule')),
      str(field(spec, 'timeZone')) || '<none>',
      typeof suspend === 'boolean' ? (suspend ? 'True' : 'False') : '<unset>',
      asArray(field(cj, 'status', 'active')).length,
      last === undefined || last === null ? '<none>' : since(last, ctx.now),
      age(cj, ctx.now),
      names,
      images,
      formatLabelSelector(field(jobSpec, 'selector')),
    ];
  },
};
