// `podsphere trace FROM TO` as text: one line per hop (where the packet is and
// what happened there), then where it arrived or why it was dropped.
import { formatTable } from '../kubectl/printers/tabwriter';

interface Hop {
  kind?: string;
  node?: string;
  device?: string;
  ip?: string;
  port?: number;
  detail?: unknown;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function scalar(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v) ?? '';
}

function detailText(detail: unknown): string {
  if (detail === undefined || detail === null) return '';
  if (!isRecord(detail)) return scalar(detail);
  return Object.entries(detail)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${scalar(v)}`)
    .join(' ');
}

export function formatTrace(result: unknown): { text: string; dropped: boolean } {
  if (!isRecord(result) || !Array.isArray(result.hops)) return { text: `${JSON.stringify(result, null, 2)}\n`, dropped: false };
  const rows = [['HOP', 'KIND', 'NODE', 'DEVICE', 'ADDRESS', 'DETAIL']];
  (result.hops as Hop[]).forEach((h, i) => {
    const address = h.ip ? `${h.ip}${h.port !== undefined ? `:${h.port}` : ''}` : '';
    rows.push([String(i + 1), h.kind ?? '', h.node ?? '', h.device ?? '', address, detailText(h.detail)]);
  });
  let text = formatTable(rows);
  const dropped = result.ok === false;
  if (dropped && isRecord(result.drop)) {
    const d = result.drop;
    text += `dropped at ${scalar(d.at)}: ${scalar(d.reason)}${d.detail !== undefined ? ` (${detailText(d.detail)})` : ''}\n`;
  } else if (result.endpoint !== undefined) {
    text += `delivered to ${detailText(result.endpoint)}\n`;
  }
  return { text, dropped };
}
