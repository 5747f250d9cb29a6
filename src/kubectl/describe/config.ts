// ConfigMap, Secret and ServiceAccount describers. Secret values are never
// shown, only their sizes (`N bytes`), as kubectl does.
import type { KubeObject } from '../../runtime/api/types';
import { printAnnotationsMultiline, printLabelsMultiline } from './blocks';
import { eventsOf, type DescribeContext } from './context';
import { describeEvents } from './events';
import { compare, list, obj, sortedKeys, str } from './format';
import { tabbedString, LEVEL_0 } from './writer';

// Upstream ranges over Go maps for data keys (a random order per run); the sandbox prints them sorted.

export function describeConfigMap(ctx: DescribeContext, cm: KubeObject): string {
  const events = eventsOf(ctx, cm);
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    const data = obj(cm.data);
    for (const k of sortedKeys(data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${str(data[k])}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    const binary = obj(cm.binaryData);
    for (const k of sortedKeys(binary)) w.write(LEVEL_0, `${k}: ${base64Length(str(binary[k]))} bytes\n`);
    w.write(LEVEL_0, '\n');
    describeEvents(events, w, ctx.now);
  });
}

/** Bytes encoded by a base64 string. */
function base64Length(b64: string): number {
  const clean = b64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((clean.length * 3) / 4) - padding);
}

function base64Decode(b64: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(b64.replace(/\s/g, '')), (c) => c.charCodeAt(0)));
  } catch {
    return '';
  }
}

export function describeSecret(_ctx: DescribeContext, secret: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    w.write(LEVEL_0, `\nType:\t${str(secret.type)}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    const data = obj(secret.data);
    for (const k of sortedKeys(data)) {
      // A service account token is not secret from its own reader: kubectl prints it.
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${base64Decode(str(data[k]))}\n`);
      else w.write(LEVEL_0, `${k}:\t${base64Length(str(data[k]))} bytes\n`);
    }
  });
}

export function describeServiceAccount(ctx: DescribeContext, sa: KubeObject): string {
  const ns = sa.metadata.namespace ?? '';
  const secrets = ctx.api.list('secrets', { namespace: ns }).items;
  const existing = new Set(secrets.map((s) => s.metadata.name ?? ''));
  const tokens = secrets
    .filter((s) => s.type === 'kubernetes.io/service-account-token')
    .filter((s) => s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name && s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid)
    .map((s) => s.metadata.name ?? '');
  const pull = list(sa.imagePullSecrets).map((r) => str(r.name));
  const mount = list(sa.secrets).map((r) => str(r.name));
  const missing = new Set([...pull, ...mount].filter((n) => !existing.has(n)));
  const events = eventsOf(ctx, sa);
  const groups: [string, string[]][] = [
    ['Image pull secrets:', pull],
    ['Mountable secrets: ', mount],
    ['Tokens:            ', tokens],
  ];
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    for (const [header, names] of groups.sort(([a], [b]) => compare(a, b))) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      names.forEach((name, i) => {
        const prefix = i === 0 ? header : '                   ';
        w.write(LEVEL_0, `${prefix}\t${name}${missing.has(name) ? ' (not found)' : ''}\n`);
      });
    }
    describeEvents(events, w, ctx.now);
  });
}
