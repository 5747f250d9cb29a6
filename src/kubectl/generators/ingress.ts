// `kubectl create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class]
// [--default-backend=svc:port] [--annotation=k=v]` (kubectl create_ingress.go).
// A path ending in `*` is a Prefix match, any other path is Exact.
import type { KubeObject } from '../../runtime/api/types';
import { KubectlError } from '../errors';
import type { CommandContext } from '../types';
import { atoi, goMap, nameArg, objectMeta, type Generator } from './generator';

const RULE = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

export const ingressGenerator: Generator = {
  name: 'ingress',
  aliases: ['ing'],
  short: 'Create an ingress with the specified name',
  flags: [
    { name: 'class', type: 'string' },
    { name: 'rule', type: 'stringArray' },
    { name: 'default-backend', type: 'string' },
    { name: 'annotation', type: 'stringArray' },
  ],
  build(ctx: CommandContext): KubeObject {
    const name = nameArg(ctx);
    const rules = ctx.flags.strings('rule');
    const defaultBackend = ctx.flags.string('default-backend');
    const annotations = ctx.flags.strings('annotation');
    if (defaultBackend === '' && rules.length === 0) {
      throw new KubectlError(
        'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
      );
    }
    for (const r of rules) if (!RULE.test(r)) throw new KubectlError(`rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
    for (const a of annotations) if (!a.includes('=')) throw new KubectlError(`annotation ${a} is invalid and should be in format key=[value]`);
    if (defaultBackend && defaultBackend.split(':').length !== 2) throw new KubectlError('default-backend should be in format servicename:serviceport');
    const metadata = objectMeta(ctx, name);
    if (annotations.length) metadata.annotations = goMap(annotations.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
    const spec: Record<string, unknown> = {};
    const cls = ctx.flags.string('class');
    if (cls) spec.ingressClassName = cls;
    if (defaultBackend) spec.defaultBackend = backend(defaultBackend);
    const tls = tlsRules(rules);
    if (tls.length) spec.tls = tls;
    const built = httpRules(rules);
    if (built.length) spec.rules = built;
    return { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata, spec, status: { loadBalancer: {} } };
  },
};

function backend(svc: string): Record<string, unknown> {
  const [name, port] = svc.split(':');
  const num = atoi(port);
  return { service: { name, port: num === undefined ? { name: port } : { number: num } } };
}

function httpRules(rules: string[]): Record<string, unknown>[] {
  const out: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const rule of rules) {
    const withoutTLS = rule.split(',')[0];
    const slash = withoutTLS.indexOf('/');
    const host = withoutTLS.slice(0, slash);
    const path = httpPath(withoutTLS.slice(slash + 1));
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) existing.http.paths.push(path);
    else out.push({ ...(host ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

function httpPath(pathAndService: string): Record<string, unknown> {
  const [p, service] = pathAndService.split('=');
  let path = `/${p}`;
  let pathType = 'Exact';
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backend(service) };
}

function tlsRules(rules: string[]): Record<string, unknown>[] {
  const out: { hosts?: string[]; secretName?: string }[] = [];
  const seenHosts = new Set<string>();
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0];
    const kv = parts[1].split('=');
    const secret = kv.length > 1 ? kv[1] : '';
    // Each host goes into the TLS list once; hosts sharing a secret share an entry.
    if (seenHosts.has(host)) continue;
    seenHosts.add(host);
    const existing = out.find((t) => (t.secretName ?? '') === secret);
    if (existing) {
      existing.hosts = [...(existing.hosts ?? []), host];
      continue;
    }
    const t: { hosts?: string[]; secretName?: string } = {};
    if (host) t.hosts = [host];
    if (secret) t.secretName = secret;
    if (t.hosts || t.secretName) out.push(t);
  }
  return out;
}
