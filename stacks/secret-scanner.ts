/**
 * The one secret scanner: finds values that must never be written where people and tools read
 * them (a definition file, a patch, the synthesized `cdk.tf.json`). Pure: it reports where a
 * secret is and what it looks like, never the secret. Three rules:
 *  - value shapes, anywhere in a string: PEM private keys of any kind, base64 of such a PEM,
 *    Proxmox API tokens and tickets, JWTs and bearer tokens, HCP Terraform, GitHub and AWS keys;
 *  - key names that hold a secret (password, token, secret, credential, private key, ...) with a
 *    literal value (not empty, not a placeholder, not a Terraform expression);
 *  - known secret values (e.g. what the environment variables a definition names hold).
 * Strings that are YAML/JSON documents (Talos patches, kubeconfigs) are scanned inside as well.
 */
import { parseAllDocuments } from 'yaml';

/** A step into an embedded YAML/JSON document: the n-th document of the string. */
export interface DocumentStep {
  readonly document: number;
}
export type SecretPathStep = string | number | DocumentStep;
export type SecretPath = readonly SecretPathStep[];

export interface SecretMatch {
  readonly path: SecretPath;
  /** What the value looks like, e.g. "a PEM private key"; never the value. */
  readonly kind: string;
}

export interface KnownSecret {
  /** Names the secret's origin, e.g. "the value of $PROXMOX_VE_API_TOKEN". */
  readonly label: string;
  readonly value: string;
}

export interface ScanOptions {
  /** Flag literal values under secret-looking key names. @default true */
  readonly keyNames?: boolean;
  /** Scan inside strings that are YAML/JSON documents (key names count there too). @default true */
  readonly documents?: boolean;
  /** Values to find wherever they occur (raw or base64); shorter than MIN_KNOWN_SECRET_LENGTH are ignored. */
  readonly knownSecrets?: readonly KnownSecret[];
  /** Subtrees whose key is one of these are skipped by the key-name rule (e.g. cdktf's `//` metadata). */
  readonly metadataKeys?: readonly string[];
}

/** Known values shorter than this would match by chance. */
export const MIN_KNOWN_SECRET_LENGTH = 8;

const PRIVATE_PEM = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----/;
/** Base64 of text starting with `-----BEGIN` always starts with this. */
const B64_PEM = /LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g;

const VALUE_PATTERNS: readonly { readonly kind: string; readonly re: RegExp }[] = [
  { kind: 'a private key (PEM)', re: PRIVATE_PEM },
  { kind: 'a Proxmox API token', re: /(^|[^\w.@!-])(PVEAPIToken=)?[\w.-]+@[\w.-]+![\w.-]+=[\w-]{8,}/ },
  { kind: 'a Proxmox ticket', re: /PVE:[^\s:]+@[^\s:]+:[0-9A-F]{8}::/ },
  { kind: 'an HCP Terraform token', re: /[A-Za-z0-9]{10,20}\.atlasv1\.[A-Za-z0-9_-]{20,}/ },
  { kind: 'a bearer token (JWT)', re: /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  { kind: 'a bearer token', re: /\bBearer\s+[A-Za-z0-9._~+/-]{16,}=*/ },
  { kind: 'a Kubernetes bootstrap token', re: /^[a-z0-9]{6}\.[a-z0-9]{16}$/ },
  { kind: 'a GitHub token', re: /\bgh[pousr]_[A-Za-z0-9]{36,}/ },
  { kind: 'an AWS access key', re: /\bAKIA[0-9A-Z]{16}\b/ },
];

/** What a string value looks like when it holds a secret by its shape alone, else undefined. */
export function secretShape(value: string): string | undefined {
  const text = value.trim();
  for (const p of VALUE_PATTERNS) if (p.re.test(text)) return p.kind;
  for (const m of text.matchAll(B64_PEM)) {
    if (PRIVATE_PEM.test(Buffer.from(m[0], 'base64').toString('latin1'))) return 'a private key (base64 of a PEM)';
  }
  return undefined;
}

// ---- key names ---------------------------------------------------------------------------------

/** Words that make a key hold a secret whatever its value looks like. */
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'credential', 'credentials', 'apikey', 'privatekey']);
/** Last words that make a key describe a secret rather than hold it (`tokenFile`, `secretName`, `apiTokenEnv`). */
const DESCRIBING_WORDS = new Set([
  'id',
  'ids',
  'name',
  'names',
  'file',
  'files',
  'path',
  'paths',
  'dir',
  'env',
  'ref',
  'refs',
  'type',
  'types',
  'usage',
  'usages',
  'algorithm',
  'ttl',
  'length',
  'size',
  'url',
  'uri',
  'endpoint',
  'enabled',
  'disabled',
  'mode',
  'format',
  'namespace',
  'selector',
  'count',
  'prefix',
  'suffix',
  'duration',
  'lifetime',
  'expiry',
  'expiration',
  'version',
  'source',
  'sources',
  'field',
  'header',
  'kind',
  'label',
  'labels',
  'hash',
  'sha256',
  'checksum',
  'provider',
  'method',
  'issuer',
  'audience',
  'audiences',
  'subject',
  'user',
  'username',
  'description',
  'policy',
  'rotation',
  'required',
  'origin',
  'hint',
  'help',
  'example',
  'location',
  'variable',
  'var',
]);
/** `<prefix> key` holds a secret whatever its value looks like (apiKey, private_key, presharedKey). */
const KEY_PREFIXES = new Set(['api', 'private', 'client', 'preshared', 'encryption', 'signing', 'access', 'master', 'ssh', 'secret']);
/** A bare `key` counts only with key material (long, base64/hex-like), not `key: app.kubernetes.io/name`. */
const KEY_MATERIAL = /^[A-Za-z0-9+/=_-]{16,}$/;

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * How a key name relates to secrets: `holds` (password, clientSecret, private_key), `key` (a bare
 * `key`/`…Key`: a secret only with key material), or undefined (tokenFile, publicKey, apiTokenEnv).
 */
export function secretKeyClass(key: string): 'holds' | 'key' | undefined {
  const words = keyWords(key);
  if (!words.length || words.includes('public')) return undefined;
  // A describing word after the secret word names something about it (token_env_origin, secretName).
  const described = (from: number) => words.slice(from + 1).some((w) => DESCRIBING_WORDS.has(w)) || DESCRIBING_WORDS.has(words[words.length - 1]);
  let secretAt = -1;
  words.forEach((w, i) => {
    if (SECRET_WORDS.has(w) || (w === 'key' && i > 0 && KEY_PREFIXES.has(words[i - 1]))) secretAt = i;
  });
  if (secretAt >= 0) return described(secretAt) ? undefined : 'holds';
  const joined = words.join('');
  if (joined === 'auth' || joined === 'authorization') return 'holds';
  if (words[words.length - 1] === 'key') return 'key';
  return undefined;
}

/** Empty values, markers and references are not secrets: `""`, `<token>`, `***`, `${var.x}`. */
function isPlaceholder(value: string): boolean {
  const v = value.trim();
  return v === '' || v.includes('${') || /^<[^<>]*>$/.test(v) || /^[*xX.•_-]+$/.test(v) || /^(redacted|none|null|unset|n\/a)$/i.test(v);
}

function literalUnderKey(key: string, value: unknown): boolean {
  const cls = secretKeyClass(key);
  if (cls === undefined) return false;
  if (typeof value === 'number') return cls === 'holds';
  if (typeof value !== 'string' || isPlaceholder(value)) return false;
  return cls === 'holds' || KEY_MATERIAL.test(value.trim()) || PRIVATE_PEM.test(value);
}

// ---- documents ---------------------------------------------------------------------------------

/** A string that is a YAML/JSON document set of mappings or lists (a patch, a kubeconfig), else undefined. */
function embeddedDocuments(s: string): unknown[] | undefined {
  const t = s.trim();
  if (!(t.includes('\n') || t.startsWith('{') || t.startsWith('[') || /^[^\s:]+:\s/.test(t)) || t.startsWith('-----BEGIN')) return undefined;
  try {
    const docs = parseAllDocuments(s);
    if (!Array.isArray(docs) || docs.length === 0 || docs.some((d) => d.errors.length > 0)) return undefined;
    const values = docs.map((d) => d.toJS({ maxAliasCount: 100 }) as unknown);
    return values.some((v) => v !== null && typeof v === 'object') ? values : undefined;
  } catch {
    return undefined;
  }
}

// ---- the scan ----------------------------------------------------------------------------------

function knownForms(known: readonly KnownSecret[]): { label: string; text: string }[] {
  const out: { label: string; text: string }[] = [];
  for (const k of known) {
    if (k.value.length < MIN_KNOWN_SECRET_LENGTH) continue;
    out.push({ label: k.label, text: k.value }, { label: k.label, text: Buffer.from(k.value).toString('base64').replace(/=+$/, '') });
  }
  return out;
}

/** Every secret in `value` (any JSON-like data), with its path; each string is reported once. */
export function scanForSecrets(value: unknown, options: ScanOptions = {}): SecretMatch[] {
  const keyNames = options.keyNames ?? true;
  const documents = options.documents ?? true;
  const metadata = new Set(options.metadataKeys ?? []);
  const known = knownForms(options.knownSecrets ?? []);
  const found: SecretMatch[] = [];

  const visitString = (s: string, path: SecretPath, depth: number): void => {
    const hit = known.find((k) => s.includes(k.text));
    if (hit) {
      found.push({ path, kind: hit.label });
      return;
    }
    const docs = documents && depth < 8 ? embeddedDocuments(s) : undefined;
    if (docs) {
      const before = found.length;
      docs.forEach((d, i) => visit(d, [...path, { document: i }], depth + 1, false));
      if (found.length > before) return;
    }
    const shape = secretShape(s);
    if (shape) found.push({ path, kind: shape });
  };

  const visit = (v: unknown, path: SecretPath, depth: number, inMetadata: boolean): void => {
    if (depth > 64) return;
    if (typeof v === 'string') return visitString(v, path, depth);
    if (Array.isArray(v)) return v.forEach((x, i) => visit(x, [...path, i], depth + 1, inMetadata));
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const meta = inMetadata || metadata.has(k);
      if (keyNames && !meta && literalUnderKey(k, x)) {
        // The key says it: report once, with what the key is called.
        found.push({ path: [...path, k], kind: `a literal value under the key "${k}"` });
        continue;
      }
      visit(x, [...path, k], depth + 1, meta);
    }
  };
  visit(value, [], 0, false);
  return found;
}

/** Scans a YAML/JSON text (a patch) document by document; a text that is no document is scanned as a string. */
export function scanDocumentText(text: string, options: ScanOptions = {}): SecretMatch[] {
  const docs = embeddedDocuments(text);
  if (!docs) return scanForSecrets(text, options);
  return docs.flatMap((d, i) => scanForSecrets(d, options).map((m) => ({ ...m, path: [{ document: i }, ...m.path] })));
}

/** `resource.x.config_patches[0] → document 1: machine.registries…password`. */
export function formatSecretPath(path: SecretPath): string {
  let out = '';
  let docPart = false;
  for (const step of path) {
    if (typeof step === 'object') {
      out += `${out === '' ? '' : ' → '}document ${step.document + 1}: `;
      docPart = true;
      continue;
    }
    if (typeof step === 'number') out += `[${step}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(step)) out += out === '' || out.endsWith(': ') ? step : `.${step}`;
    else out += `[${JSON.stringify(step)}]`;
  }
  if (docPart && out.endsWith(': ')) out = out.slice(0, -2);
  return out === '' ? '(root)' : out;
}

/** The path up to the outermost string (without document steps). */
export function outerPath(path: SecretPath): (string | number)[] {
  const end = path.findIndex((s) => typeof s === 'object');
  return (end < 0 ? path : path.slice(0, end)) as (string | number)[];
}
