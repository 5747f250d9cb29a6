// PodTemplates: printPodTemplate (no AGE column upstream).
import { field } from '../../../runtime/api/types';
import { NAME, containerCells, formatLabels, str } from './helpers';
import type { TablePrinter } from './types';

export const podTemplatePrinter: TablePrinter = {
  columns: [NAME, { name: 'Containers' }, { name: 'Images' }, { name: 'Pod Labels' }],
  row(pt) {
    const [names, images] = containerCells(field(pt, 'template', 'spec'));
    return [str(pt.metadata.name), names, images, formatLabels(field(pt, 'template', 'metadata', 'labels'))];
  },
};
