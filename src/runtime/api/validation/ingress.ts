// Ingress (networking.k8s.io/v1).
// Upstream: pkg/apis/networking/validation/validation.go (ValidateIngressCreate,
// ValidateIngressUpdate, ValidateIngressSpec, validateIngressRules,
// validateHTTPIngressPath, validateIngressBackend, validateIngressTLS).
import { invalid, required, unsupported, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import {
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  isWildcardDNS1123Subdomain,
  nameIsDNS1035Label,
  nameIsDNSSubdomain,
  parseIPSloppy,
  pathSegmentName,
} from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { child, index, list, num, obj, str, type Obj } from './util';

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_SUFFIXES = ['/..', '/.'];
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

interface IngressOptions {
  allowInvalidSecretName: boolean;
  allowInvalidWildcardHostRule: boolean;
}

function backend(b: Obj, path: string): FieldError[] {
  const resource = obj(b.resource);
  const service = obj(b.service);
  if (resource && service) return [invalid(path, '', 'cannot set both resource and service backends')];
  if (resource) {
    const errs: FieldError[] = [];
    const p = child(path, 'resource');
    if (typeof resource.apiGroup === 'string') for (const m of isDNS1123Subdomain(resource.apiGroup)) errs.push(invalid(child(p, 'apiGroup'), resource.apiGroup, m));
    for (const f of ['kind', 'name']) {
      const v = str(resource[f]);
      if (!v) errs.push(required(child(p, f), `${f} is required`));
      else for (const m of pathSegmentName(v, false)) errs.push(invalid(child(p, f), v, m));
    }
    return errs;
  }
  if (!service) return [invalid(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = str(service.name);
  if (!name) errs.push(required(child(path, 'service', 'name')));
  else for (const m of nameIsDNS1035Label(name, false)) errs.push(invalid(child(path, 'service', 'name'), name, m));
  const port = obj(service.port) ?? {};
  const portName = str(port.name);
  const portNumber = num(port.number) ?? 0;
  if (portName && portNumber !== 0) errs.push(invalid(path, '', 'cannot set both port name & port number'));
  else if (portName) for (const m of isValidPortName(portName)) errs.push(invalid(child(path, 'service', 'port', 'name'), portName, m));
  else if (portNumber !== 0) for (const m of isValidPortNum(portNumber)) errs.push(invalid(child(path, 'service', 'port', 'number'), portNumber, m));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

function httpPath(p: Obj, path: string): FieldError[] {
  const pathType = p.pathType;
  if (typeof pathType !== 'string') return [required(child(path, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const value = str(p.path);
  if (pathType === 'Exact' || pathType === 'Prefix') {
    if (!value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
    if (value.length > 0) {
      for (const seq of INVALID_SEQUENCES) if (value.includes(seq)) errs.push(invalid(child(path, 'path'), value, `must not contain '${seq}'`));
      for (const suffix of INVALID_SUFFIXES) if (value.endsWith(suffix)) errs.push(invalid(child(path, 'path'), value, `cannot end with '${suffix}'`));
    }
  } else if (pathType === 'ImplementationSpecific') {
    if (value.length > 0 && !value.startsWith('/')) errs.push(invalid(child(path, 'path'), value, 'must be an absolute path'));
  } else {
    errs.push(unsupported(child(path, 'pathType'), pathType, PATH_TYPES));
  }
  errs.push(...backend(obj(p.backend) ?? {}, child(path, 'backend')));
  return errs;
}

function rules(raw: readonly unknown[], path: string, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  raw.forEach((r, i) => {
    const rule = obj(r) ?? {};
    const p = index(path, i);
    const host = str(rule.host);
    let wildcard = false;
    if (host) {
      if (parseIPSloppy(host)) errs.push(invalid(child(p, 'host'), host, 'must be a DNS name, not an IP address'));
      if (host.includes('*')) {
        for (const m of isWildcardDNS1123Subdomain(host)) errs.push(invalid(child(p, 'host'), host, m));
        wildcard = true;
      } else {
        for (const m of isDNS1123Subdomain(host)) errs.push(invalid(child(p, 'host'), host, m));
      }
    }
    if (!wildcard || !opts.allowInvalidWildcardHostRule) {
      const http = obj(rule.http);
      if (http) {
        const hp = child(p, 'http');
        const paths = list(http.paths);
        if (paths.length === 0) errs.push(required(child(hp, 'paths')));
        paths.forEach((x, j) => errs.push(...httpPath(obj(x) ?? {}, index(child(hp, 'paths'), j))));
      }
    }
  });
  return errs;
}

function ingressSpec(spec: Obj, opts: IngressOptions): FieldError[] {
  const errs: FieldError[] = [];
  const ruleList = list(spec.rules);
  const defaultBackend = obj(spec.defaultBackend);
  if (ruleList.length === 0 && !defaultBackend) errs.push(invalid('spec', spec.rules ?? null, 'either `defaultBackend` or `rules` must be specified'));
  if (defaultBackend) errs.push(...backend(defaultBackend, 'spec.defaultBackend'));
  if (ruleList.length > 0) errs.push(...rules(ruleList, 'spec.rules', opts));
  list(spec.tls).forEach((t, ti) => {
    const tls = obj(t) ?? {};
    const p = index('spec.tls', ti);
    list(tls.hosts).forEach((h, hi) => {
      const host = str(h);
      const msgs = host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host);
      for (const m of msgs) errs.push(invalid(index(child(p, 'hosts'), hi), host, m));
    });
    const secretName = str(tls.secretName);
    if (!opts.allowInvalidSecretName && secretName) {
      for (const m of nameIsDNSSubdomain(secretName, false)) errs.push(invalid(child(p, 'secretName'), secretName, m));
    }
  });
  if (typeof spec.ingressClassName === 'string') {
    for (const m of nameIsDNSSubdomain(spec.ingressClassName, false)) errs.push(invalid('spec.ingressClassName', spec.ingressClassName, m));
  }
  return errs;
}

const STRICT: IngressOptions = { allowInvalidSecretName: false, allowInvalidWildcardHostRule: false };

export function validateIngress(ing: KubeObject): FieldError[] {
  const spec = obj(ing.spec) ?? {};
  const errs = [...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...ingressSpec(spec, STRICT)];
  const annotations = obj(ing.metadata.annotations) ?? {};
  if (CLASS_ANNOTATION in annotations && typeof spec.ingressClassName === 'string' && annotations[CLASS_ANNOTATION] !== spec.ingressClassName) {
    errs.push(invalid(child('annotations', CLASS_ANNOTATION), str(annotations[CLASS_ANNOTATION]), 'must match `ingressClassName` when both are specified'));
  }
  return errs;
}

export function validateIngressUpdate(ing: KubeObject, old: KubeObject): FieldError[] {
  // Values an older apiserver accepted stay acceptable on update.
  const oldSpec = obj(old.spec) ?? {};
  const opts: IngressOptions = {
    allowInvalidSecretName: list(oldSpec.tls).some((t) => {
      const n = str(obj(t)?.secretName);
      return n !== '' && nameIsDNSSubdomain(n, false).length > 0;
    }),
    allowInvalidWildcardHostRule: rules(list(oldSpec.rules), 'spec.rules', STRICT).length > 0,
  };
  return [...validateObjectMetaUpdate(ing.metadata, old.metadata), ...validateObjectMeta(ing.metadata, true, nameIsDNSSubdomain), ...ingressSpec(obj(ing.spec) ?? {}, opts)];
}
