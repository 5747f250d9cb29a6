// ConfigMap.
// Upstream: pkg/apis/core/validation/validation.go (ValidateConfigMap,
// ValidateConfigMapUpdate; core.MaxSecretSize is the shared 1 MiB cap).
import { forbiddenField, invalid, tooLong, type FieldError } from '../errors';
import type { KubeObject } from '../types';
import { isConfigMapKey, nameIsDNSSubdomain } from './names';
import { validateObjectMeta, validateObjectMetaUpdate } from './objectmeta';
import { key, obj, semanticEqual, text, utf8Length } from './util';

export const MAX_DATA_SIZE = 1024 * 1024;
export const IMMUTABLE_WHEN_SET = 'field is immutable when `immutable` is set';

/** Decoded length of a base64 string (binaryData and Secret data travel base64-encoded). */
export function base64Length(v: unknown): number {
  if (typeof v !== 'string') return 0;
  const s = v.replace(/\s/g, '');
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((s.length * 3) / 4) - padding);
}

export function validateConfigMap(cm: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cm.metadata, true, nameIsDNSSubdomain);
  const data = obj(cm.data) ?? {};
  const binary = obj(cm.binaryData) ?? {};
  let total = 0;
  for (const [k, v] of Object.entries(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('data', k), k, m));
    if (k in binary) errs.push(invalid(key('data', k), k, 'duplicate of key present in binaryData'));
    total += utf8Length(text(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalid(key('binaryData', k), k, m));
    total += base64Length(v);
  }
  // Upstream reports the size on an empty path: the error is about the whole object.
  if (total > MAX_DATA_SIZE) errs.push(tooLong('', MAX_DATA_SIZE));
  return errs;
}

export function validateConfigMapUpdate(cm: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata, old.metadata);
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbiddenField('immutable', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(cm.data, old.data)) errs.push(forbiddenField('data', IMMUTABLE_WHEN_SET));
    if (!semanticEqual(cm.binaryData, old.binaryData)) errs.push(forbiddenField('binaryData', IMMUTABLE_WHEN_SET));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}
