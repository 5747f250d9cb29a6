// Container image references, parsed the way the kubelet's image-name parser
// does (docker reference grammar, normalized with the docker.io domain). Only
// what the imagePullPolicy default needs: did the reference parse, and which
// tag and digest does it carry.

export interface ImageRef {
  ok: boolean;
  tag: string;
  digest: string;
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[[a-fA-F0-9:]+\\]';
const DOMAIN = `(?:${DOMAIN_NAME}|${IPV6})(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const IDENTIFIER = /^[a-f0-9]{64}$/;
const NAME_MAX = 255;
// Digest algorithms the reference library can verify, with their hex lengths.
const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

const FAILED: ImageRef = { ok: false, tag: '', digest: '' };

function validDigest(d: string): boolean {
  const i = d.indexOf(':');
  const algorithm = d.slice(0, i);
  const hex = d.slice(i + 1);
  const len = DIGEST_HEX_LENGTH[algorithm];
  return len !== undefined && hex.length === len && /^[a-f0-9]+$/.test(hex);
}

/** Split off the registry the way docker's normalizer does; undefined when the path is not lowercase. */
function normalize(image: string): string | undefined {
  const slash = image.indexOf('/');
  let domain = 'docker.io';
  let remainder = image;
  if (slash >= 0) {
    const first = image.slice(0, slash);
    const looksLikeHost = /[.:]/.test(first) || first === 'localhost' || first.toLowerCase() !== first;
    if (looksLikeHost) {
      domain = first;
      remainder = image.slice(slash + 1);
    }
  }
  if (remainder.toLowerCase() !== remainder) return undefined;
  return `${domain}/${remainder}`;
}

export function parseImageRef(image: unknown): ImageRef {
  if (typeof image !== 'string' || image === '') return FAILED;
  if (IDENTIFIER.test(image)) return FAILED;
  const full = normalize(image);
  if (full === undefined) return FAILED;
  const m = REFERENCE.exec(full);
  if (!m) return FAILED;
  const [, name, tag = '', digest = ''] = m;
  if (name.length > NAME_MAX) return FAILED;
  if (digest && !validDigest(digest)) return FAILED;
  return { ok: true, tag, digest };
}

/**
 * SetDefaults_Container's rule: `Always` when the parsed tag is `latest`
 * (a reference with neither tag nor digest counts as `latest`), otherwise
 * `IfNotPresent` — including references that fail to parse.
 */
export function defaultPullPolicy(image: unknown): 'Always' | 'IfNotPresent' {
  const ref = parseImageRef(image);
  if (!ref.ok) return 'IfNotPresent';
  const tag = ref.tag === '' && ref.digest === '' ? 'latest' : ref.tag;
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}
