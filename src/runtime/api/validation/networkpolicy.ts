// NetworkPolicy.
// Upstream: pkg/apis/networking/validation/validation.go (ValidateNetworkPolicy,
// ValidateNetworkPolicySpec, ValidateNetworkPolicyPort, ValidateNetworkPolicyPeer,
// ValidateIPBlock).
import { forbiddenField, invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { CIDR_INVALID, isValidPortName, isValidPortNum, nameIsDNSSubdomain, parseCIDRSloppy } from './names';
import { validateLabelSelector, validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { child, index, list, num, obj, str, type Obj } from './util';

function ipToBits(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  const [head, tail = ''] = ip.split('::');
  const parts = (s: string): string[] => (s === '' ? [] : s.split(':'));
  const h = parts(head);
  const t = parts(tail);
  const zeros: string[] = new Array<string>(Math.max(0, 8 - h.length - t.length)).fill('0');
  const groups: string[] = ip.includes('::') ? [...h, ...zeros, ...t] : h;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g || '0', 16)), 0n);
}

function ipBlock(b: Obj, path: string): FieldError[] {
  const cidr = str(b.cidr);
  if (!cidr) return [required(child(path, 'cidr'))];
  const parsed = parseCIDRSloppy(cidr);
  if (!parsed) return [invalid(child(path, 'cidr'), cidr, CIDR_INVALID)];
  const errs: FieldError[] = [];
  const width = parsed.family === 4 ? 32 : 128;
  const base = ipToBits(parsed.ip, parsed.family) >> BigInt(width - parsed.bits);
  list(b.except).forEach((e, i) => {
    const text = str(e);
    const p = index(child(path, 'except'), i);
    const ex = parseCIDRSloppy(text);
    if (!ex) {
      errs.push(invalid(p, text, CIDR_INVALID));
      return;
    }
    const inside = ex.family === parsed.family && ipToBits(ex.ip, ex.family) >> BigInt(width - parsed.bits) === base;
    if (!inside || parsed.bits >= ex.bits) errs.push(invalid(p, text, 'must be a strict subset of `cidr`'));
  });
  return errs;
}

function port(p: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const protocol = p.protocol;
  if (typeof protocol === 'string' && !['TCP', 'UDP', 'SCTP'].includes(protocol)) errs.push(unsupported(child(path, 'protocol'), protocol, ['TCP', 'UDP', 'SCTP']));
  const endPort = num(p.endPort);
  if (typeof p.port === 'number') {
    for (const m of isValidPortNum(p.port)) errs.push(invalid(child(path, 'port'), p.port, m));
    if (endPort !== undefined) {
      if (endPort < p.port) errs.push(invalid(child(path, 'endPort'), p.port, 'must be greater than or equal to `port`'));
      for (const m of isValidPortNum(endPort)) errs.push(invalid(child(path, 'endPort'), endPort, m));
    }
  } else if (typeof p.port === 'string') {
    if (endPort !== undefined) errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    for (const m of isValidPortName(p.port)) errs.push(invalid(child(path, 'port'), p.port, m));
  } else if (endPort !== undefined) {
    errs.push(invalid(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function peer(p: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let count = 0;
  if (obj(p.podSelector)) {
    count++;
    errs.push(...validateLabelSelector(p.podSelector, child(path, 'podSelector')));
  }
  if (obj(p.namespaceSelector)) {
    count++;
    errs.push(...validateLabelSelector(p.namespaceSelector, child(path, 'namespaceSelector')));
  }
  if (obj(p.ipBlock)) {
    count++;
    errs.push(...ipBlock(obj(p.ipBlock) ?? {}, child(path, 'ipBlock')));
  }
  if (count === 0) errs.push(required(path, 'must specify a peer'));
  else if (count > 1 && obj(p.ipBlock)) errs.push(forbiddenField(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function spec(s: Obj): FieldError[] {
  const errs = validateLabelSelector(s.podSelector ?? {}, 'spec.podSelector');
  for (const [dir, peersKey] of [['ingress', 'from'], ['egress', 'to']] as const) {
    list(s[dir]).forEach((r, i) => {
      const rule = obj(r) ?? {};
      const rp = index(`spec.${dir}`, i);
      list(rule.ports).forEach((x, j) => errs.push(...port(obj(x) ?? {}, index(child(rp, 'ports'), j))));
      list(rule[peersKey]).forEach((x, j) => errs.push(...peer(obj(x) ?? {}, index(child(rp, peersKey), j))));
    });
  }
  const types = list(s.policyTypes);
  if (types.length > 2) {
    errs.push(invalid('spec.policyTypes', types, 'may not specify more than two policyTypes'));
    return errs;
  }
  types.forEach((t, i) => {
    if (t !== 'Ingress' && t !== 'Egress') errs.push(unsupported(index('spec.policyTypes', i), str(t), ['Ingress', 'Egress']));
  });
  return errs;
}

export function validateNetworkPolicy(np: KubeObject): FieldError[] {
  return [...validateObjectMeta(np.metadata, true, nameIsDNSSubdomain), ...spec(obj(np.spec) ?? {})];
}

export function validateNetworkPolicyUpdate(np: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(np.metadata, old.metadata), ...spec(obj(np.spec) ?? {})];
}
