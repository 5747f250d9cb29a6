import { describe, expect, it } from 'vitest';
import { parseArgs, parseGoDuration, type FlagSpec } from '../../../src/kubectl/flags';
import { humanDuration, shortHumanDuration } from '../../../src/kubectl/printers/duration';
import { DESCRIBE_OPTIONS, formatTable, TabWriter, TABLE_OPTIONS } from '../../../src/kubectl/printers/tabwriter';
import { runKubectl } from '../../../src/kubectl/kubectl';
import { createCluster } from '../../../src/runtime/index';
import { DEFAULT_KUBECONFIG } from '../../../src/kubectl/types';

const specs: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'replicas', short: 'r', type: 'int', default: 1 },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'timeout', type: 'duration' },
];

describe('flags (pflag semantics)', () => {
  it('reads flags anywhere, attached or separate values, combined shorthand bools and --', () => {
    const p = parseArgs(['get', '-nkube-system', 'pods', '--watch', '-f', 'a.yaml', '--filename=b.yaml', '-it', '--', 'sh', '-c', 'x'], specs);
    expect(p.positionals).toEqual(['get', 'pods']);
    expect(p.flags.string('namespace')).toBe('kube-system');
    expect(p.flags.bool('watch')).toBe(true);
    expect(p.flags.strings('filename')).toEqual(['a.yaml', 'b.yaml']);
    expect(p.flags.bool('stdin') && p.flags.bool('tty')).toBe(true);
    expect(p.afterDash).toEqual(['sh', '-c', 'x']);
    expect(parseArgs(['-n=web', '-r', '0x10'], specs).flags.int('replicas')).toBe(16);
    expect(parseArgs([], specs).flags.int('replicas')).toBe(1);
  });

  it('fails with pflag wording', () => {
    expect(() => parseArgs(['--foo'], specs)).toThrow('unknown flag: --foo');
    expect(() => parseArgs(['-z'], specs)).toThrow("unknown shorthand flag: 'z' in -z");
    expect(() => parseArgs(['-n'], specs)).toThrow("flag needs an argument: 'n' in -n");
    expect(() => parseArgs(['--namespace'], specs)).toThrow('flag needs an argument: --namespace');
    expect(() => parseArgs(['--replicas=abc'], specs)).toThrow('invalid argument "abc" for "-r, --replicas" flag: strconv.ParseInt: parsing "abc": invalid syntax');
    expect(() => parseArgs(['-w=maybe'], specs)).toThrow('invalid argument "maybe" for "-w, --watch" flag: strconv.ParseBool: parsing "maybe": invalid syntax');
    expect(() => parseArgs(['--timeout=soon'], specs)).toThrow('invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"');
    expect(() => parseArgs(['--timeout=5'], specs)).toThrow('invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"');
    expect(() => parseArgs(['--timeout=5d'], specs)).toThrow('invalid argument "5d" for "--timeout" flag: time: unknown unit "d" in duration "5d"');
  });

  it('parses Go durations', () => {
    expect(parseGoDuration('1h30m')).toBe(5_400_000);
    expect(parseGoDuration('1.5s')).toBe(1500);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('5')).toBeUndefined();
  });
});

describe('tabwriter', () => {
  it('pads columns to the widest cell plus 3, at least 6, leaving the last column unpadded', () => {
    const text = formatTable([
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['nginx-7854ff8877-abcde', '1/1', 'Running', '0', '5m'],
      ['db', '0/1', 'Pending', '0', '12s'],
    ]);
    expect(text).toBe(
      'NAME                     READY   STATUS    RESTARTS   AGE\n' +
        'nginx-7854ff8877-abcde   1/1     Running   0          5m\n' +
        'db                       0/1     Pending   0          12s\n',
    );
  });

  it('remembers widths across flushes, as `get -w` rows do', () => {
    const w = new TabWriter(TABLE_OPTIONS);
    w.write('NAME\tREADY\n');
    w.write('a-much-longer-name\t1/1\n');
    const first = w.flush();
    w.write('b\t0/1\n');
    expect(first.split('\n')[1]).toBe('a-much-longer-name   1/1');
    expect(w.flush()).toBe('b                    0/1\n');
  });

  it('aligns column blocks of consecutive lines only, as describe output needs', () => {
    const w = new TabWriter(DESCRIBE_OPTIONS);
    w.write('Name:\tweb\nNamespace:\tdefault\nContainers:\n  nginx:\n    Image:\tnginx\n');
    expect(w.flush()).toBe('Name:       web\nNamespace:  default\nContainers:\n  nginx:\n    Image:  nginx\n');
  });
});

describe('HumanDuration', () => {
  it.each([
    [-2000, '<invalid>'], [-1500, '0s'], [0, '0s'], [119_000, '119s'], [120_000, '2m'], [150_000, '2m30s'],
    [600_000, '10m'], [179 * 60_000, '179m'], [3 * 3_600_000, '3h'], [3 * 3_600_000 + 60_000, '3h1m'],
    [47 * 3_600_000, '47h'], [49 * 3_600_000, '2d1h'], [8 * 86_400_000, '8d'], [730 * 86_400_000, '2y'],
    [731 * 86_400_000, '2y1d'], [9 * 365 * 86_400_000, '9y'],
  ])('%d ms → %s', (ms, want) => {
    expect(humanDuration(ms)).toBe(want);
  });

  it('short form', () => {
    expect([59_000, 61_000, 3_600_000, 86_400_000, 400 * 86_400_000].map(shortHumanDuration)).toEqual(['59s', '1m', '1h', '1d', '1y']);
  });
});

describe('runKubectl', () => {
  const env = { cluster: createCluster(), config: { ...DEFAULT_KUBECONFIG } };
  it('names unknown commands and exits 1', () => {
    expect(runKubectl(['-n', 'web', 'frob', 'pods'], env)).toEqual({ stdout: '', stderr: 'error: unknown command "frob" for "kubectl"\n', exitCode: 1 });
  });

  it('suggests the nearest command, as cobra does', () => {
    expect(runKubectl(['gte', 'pods'], env)).toEqual({ stdout: '', stderr: 'error: unknown command "gte" for "kubectl"\n\nDid you mean this?\n\tget\n', exitCode: 1 });
  });
});
