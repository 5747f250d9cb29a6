// The schedule arithmetic of github.com/robfig/cron/v3 (ParseStandard and
// SpecSchedule.Next) as the CronJob controller uses it: five fields or a
// @descriptor, evaluated in the CronJob's time zone. Parse errors are
// reported by the apiserver's validation (api/validation/cron.ts), so this
// parser assumes a valid spec.

const STAR = 2 ** 40;

interface Field {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const FIELDS: Field[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } },
  { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export interface Schedule {
  /** The first activation strictly after `afterMs` (ms since the epoch). */
  next(afterMs: number): number;
}

/** A field as a set of allowed values plus robfig's "star" marker (it changes how day-of-month and day-of-week combine). */
function parseField(text: string, f: Field): Set<number> {
  const out = new Set<number>();
  for (const expr of text.split(',')) {
    const [range, stepText] = expr.split('/');
    const bounds = range.split('-');
    const value = (s: string): number => f.names?.[s.toLowerCase()] ?? Number(s);
    let lo: number;
    let hi: number;
    let star = false;
    if (bounds[0] === '*' || bounds[0] === '?') {
      [lo, hi, star] = [f.min, f.max, true];
    } else {
      lo = value(bounds[0]);
      hi = bounds.length > 1 ? value(bounds[1]) : lo;
    }
    const step = stepText === undefined ? 1 : Number(stepText);
    if (stepText !== undefined && bounds.length === 1 && !star) hi = f.max;
    if (step > 1) star = false;
    for (let v = lo; v <= hi; v += step) out.add(v);
    if (star) out.add(STAR);
  }
  return out;
}

interface Spec {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
}

function dayMatches(s: Spec, d: { day: number; weekday: number }): boolean {
  const domMatch = s.dom.has(d.day);
  const dowMatch = s.dow.has(d.weekday);
  return s.dom.has(STAR) || s.dow.has(STAR) ? domMatch && dowMatch : domMatch || dowMatch;
}

export function parseSchedule(spec: string, timeZone?: string): Schedule {
  let text = spec.trim();
  let zone = timeZone;
  const tz = /^(?:CRON_)?TZ=(\S+)\s+(.*)$/.exec(text);
  if (tz) [zone, text] = [tz[1], tz[2]];
  const every = /^@every\s+(.+)$/.exec(text);
  if (every) {
    const ms = Math.max(1000, parseGoDuration(every[1]));
    return { next: (after) => Math.floor((after + ms) / 1000) * 1000 };
  }
  text = DESCRIPTORS[text] ?? text;
  const parts = text.split(/\s+/);
  const s: Spec = {
    minute: parseField(parts[0], FIELDS[0]),
    hour: parseField(parts[1], FIELDS[1]),
    dom: parseField(parts[2], FIELDS[2]),
    month: parseField(parts[3], FIELDS[3]),
    dow: parseField(parts[4], FIELDS[4]),
  };
  const offset = zoneOffset(zone);
  return { next: (after) => nextWall(s, after, offset) };
}

/** SpecSchedule.Next over wall-clock minutes: skip whole months, days and hours that cannot match. */
function nextWall(s: Spec, afterMs: number, offset: (utcMs: number) => number): number {
  let wall = Math.floor((afterMs + offset(afterMs)) / 60_000) * 60_000 + 60_000;
  const limit = wall + 5 * 366 * 86_400_000;
  while (wall < limit) {
    const c = civil(wall);
    if (!s.month.has(c.month)) {
      wall = daysFromCivil(c.month === 12 ? c.year + 1 : c.year, c.month === 12 ? 1 : c.month + 1, 1) * 86_400_000;
    } else if (!dayMatches(s, c)) {
      wall = (Math.floor(wall / 86_400_000) + 1) * 86_400_000;
    } else if (!s.hour.has(c.hour)) {
      wall = (Math.floor(wall / 3_600_000) + 1) * 3_600_000;
    } else if (!s.minute.has(c.minute)) {
      wall += 60_000;
    } else {
      // Back from wall-clock time to an instant, with the offset in force at that instant.
      const guess = wall - offset(wall);
      return wall - offset(guess);
    }
  }
  return Number.POSITIVE_INFINITY;
}

function civil(ms: number): { year: number; month: number; day: number; hour: number; minute: number; weekday: number } {
  const days = Math.floor(ms / 86_400_000);
  const rem = ms - days * 86_400_000;
  let z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  z = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return { year: z, month, day, hour: Math.floor(rem / 3_600_000), minute: Math.floor((rem % 3_600_000) / 60_000), weekday: (((days + 4) % 7) + 7) % 7 };
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

/** The zone's UTC offset (ms) at an instant, from the IANA database the JavaScript engine carries. */
export function zoneOffset(zone: string | undefined): (utcMs: number) => number {
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return () => 0;
  const fmt = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return (utcMs) => {
    const p = Object.fromEntries(fmt.formatToParts(utcMs).map((x) => [x.type, x.value]));
    const wall = daysFromCivil(Number(p.year), Number(p.month), Number(p.day)) * 86_400_000 + (Number(p.hour) * 60 + Number(p.minute)) * 60_000 + Number(p.second) * 1000;
    return wall - Math.floor(utcMs / 1000) * 1000;
  };
}

/** Whether the engine knows the zone (time.LoadLocation). */
export function isKnownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseGoDuration(s: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)) total += Number(m[1]) * units[m[2]];
  return total;
}
