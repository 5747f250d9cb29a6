// describeTopologySpreadConstraints: `zone:DoNotSchedule when max skew 1 is exceeded for selector app=web`.
import { stableSort } from './blocks';
import { compare, formatLabelSelector, list, num, str } from './format';
import { LEVEL_0, type PrefixWriter } from './writer';

export function describeTopologySpreadConstraints(constraints: unknown, w: PrefixWriter, space: string): void {
  const items = list(constraints);
  if (items.length === 0) return;
  const sorted = stableSort(items, (a, b) => compare(str(a.topologyKey), str(b.topologyKey)));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let line = `${str(c.topologyKey)}:${str(c.whenUnsatisfiable)} when max skew ${num(c.maxSkew)} is exceeded`;
    if (c.labelSelector !== undefined && c.labelSelector !== null) line += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, `${line}\n`);
  });
}
