// Secret.
// Upstream: pkg/apis/core/validation/validation.go (ValidateSecret,
// ValidateSecretUpdate). The v1→internal conversion folds stringData into
// data before validation runs; the checks below see the same merged view.
import { forbiddenField, invalid, required, tooLong, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { base64Length, IMMUTABLE_WHEN_SET, MAX_DATA_SIZE } from './configmap';
import { isConfigMapKey, nameIsDNSSubdomain } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { immutable, key, obj, semanticEqual, str, utf8Length } from './util';

/** Secret data keys with the decoded size of each value. */
function dataSizes(secret: KubeObject): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [k, v] of Object.entries(obj(secret.data) ?? {})) sizes.set(k, base64Length(v));
  for (const [k, v] of Object.entries(obj(secret.stringData) ?? {})) sizes.set(k, utf8Length(str(v)));
  return sizes;
}

export function validateSecret(secret: KubeObject): FieldError[] {
  const errs = validateObjectMeta(secret.metadata, true, nameIsDNSSubdomain);
  const sizes = dataSizes(secret);
  let total = 0;
  for (const [k, size] of sizes) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    total += size;
  }
  if (total > MAX_DATA_SIZE) errs.push(tooLong('data', MAX_DATA_SIZE));
  const need = (k: string): void => {
    if (!sizes.has(k)) errs.push(required(key('data', k)));
  };
  switch (str(secret.type)) {
    case 'kubernetes.io/service-account-token':
      if (!str(obj(secret.metadata.annotations)?.['kubernetes.io/service-account.name'])) {
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      }
      break;
    case 'kubernetes.io/dockercfg':
      need('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      need('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!sizes.has('username') && !sizes.has('password')) {
        errs.push(required(key('data', 'username')));
        errs.push(required(key('data', 'password')));
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!sizes.get('ssh-privatekey')) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
    default:
      break;
  }
  return errs;
}

export function validateSecretUpdate(secret: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata, old.metadata);
  errs.push(...immutable(str(secret.type), str(old.type), 'type'));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbiddenField('immutable', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(secret.data, old.data)) errs.push(forbiddenField('data', IMMUTABLE_WHEN_SET));
  }
  errs.push(...validateSecret(secret));
  return errs;
}
