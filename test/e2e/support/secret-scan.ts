/**
 * Finds every secret value a deploy produced and searches for it where it must never be: the
 * secrets come from the stacks' Terraform state (the only place they may live), split into their
 * leaf values, each in the forms it could be written in (raw, JSON-escaped, base64, decoded).
 * Labels name where a secret came from, never its value, so failures can be printed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * Leaves shorter than this are not searched: short sensitive leaves (a token id such as "abc123",
 * "true", a port) are not secret on their own and would match by chance. Every real secret in the
 * stacks is longer (bootstrap token 23, token secret 16 hex / 36 UUID, keys 44+ base64).
 */
export const MIN_SECRET_LENGTH = 16;

export interface SecretValue {
  /** Where it came from, e.g. `lab-talos: talos_machine_secrets.this.machine_secrets.secrets.bootstrap_token`. */
  readonly label: string;
  readonly value: string;
}

export interface SecretHit {
  readonly label: string;
  /** Which form matched (raw, json, base64, decoded, pem-line). */
  readonly form: string;
  readonly where: string;
  /** The line it was found on, with every secret masked. */
  readonly context: string;
}

type PathStep = { readonly type: 'get_attr'; readonly value: string } | { readonly type: 'index'; readonly value: { readonly value: string | number } };

interface StateInstance {
  readonly index_key?: string | number;
  readonly attributes?: Record<string, unknown>;
  readonly sensitive_attributes?: readonly (readonly PathStep[])[];
}

interface StateFile {
  readonly outputs?: Record<string, { readonly value: unknown; readonly sensitive?: boolean }>;
  readonly resources?: readonly { readonly mode: string; readonly type: string; readonly name: string; readonly instances: readonly StateInstance[] }[];
}

const PLAIN_URL = /^https?:\/\/[^\s@/]+(\/[^\s@]*)?$/;

/** Keys of structured secrets (kubeconfig, talosconfig, machine configuration) whose values are key material. */
const SECRET_KEY = /(^|[-_])(key|secret|token|password|crt|cert|ca)$|[a-z](Key|Secret|Token|Password|CA)$|-data$/;

/**
 * Collects string leaves. `inDocument`: inside a parsed YAML/JSON document only values under
 * secret-looking keys count (its URLs, names and paths are configuration, not secrets).
 */
function leaves(value: unknown, label: string, out: SecretValue[], inDocument = false): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v, i) => leaves(v, `${label}[${i}]`, out, inDocument));
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (inDocument && SECRET_KEY.test(k)) leaves(v, `${label}.${k}`, out, false);
      else if (!inDocument || (v !== null && typeof v === 'object')) leaves(v, `${label}.${k}`, out, inDocument);
    }
    return;
  }
  if (typeof value !== 'string') return;
  const structured = parseStructured(value);
  if (structured !== undefined) return leaves(structured, `${label}<doc>`, out, true);
  // A URL without credentials is an address, not a secret (a schema may still mark it sensitive).
  if (value.length >= MIN_SECRET_LENGTH && !PLAIN_URL.test(value)) out.push({ label, value });
}

/** A YAML/JSON document (kubeconfig, talosconfig, machine configuration) as data, else undefined. */
function parseStructured(s: string): unknown {
  if (!s.includes('\n') || s.startsWith('-----BEGIN')) return undefined;
  try {
    const docs = parseAllDocuments(s);
    if (Array.isArray(docs) && docs.length && docs.every((d) => d.errors.length === 0)) {
      const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && typeof v === 'object');
      if (values.length) return values;
    }
  } catch {
    // not YAML: a plain string
  }
  return undefined;
}

function valueAt(root: unknown, steps: readonly PathStep[]): unknown {
  let v = root;
  for (const s of steps) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[String(s.type === 'get_attr' ? s.value : s.value.value)];
  }
  return v;
}

function stepsLabel(steps: readonly PathStep[]): string {
  return steps.map((s) => (s.type === 'get_attr' ? `.${s.value}` : `[${JSON.stringify(s.value.value)}]`)).join('');
}

/**
 * Every value the state marks sensitive (instances' `sensitive_attributes` paths, sensitive
 * outputs), split into leaves of at least MIN_SECRET_LENGTH characters.
 * `sensitiveAttributes` adds attributes sensitive by provider schema, keyed `managed.<type>` / `data.<type>`.
 */
export function stateSecrets(stack: string, stateFile: string, sensitiveAttributes: ReadonlyMap<string, readonly string[]> = new Map()): SecretValue[] {
  return secretsInState(stack, fs.readFileSync(stateFile, 'utf8'), sensitiveAttributes);
}

/** The same from state JSON text (e.g. what `tofu state pull` decrypted). */
export function secretsInState(stack: string, stateJson: string, sensitiveAttributes: ReadonlyMap<string, readonly string[]> = new Map()): SecretValue[] {
  const state = JSON.parse(stateJson) as StateFile;
  const out: SecretValue[] = [];
  for (const r of state.resources ?? []) {
    for (const inst of r.instances) {
      const addr = `${stack}: ${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}${inst.index_key === undefined ? '' : `[${JSON.stringify(inst.index_key)}]`}`;
      const bySchema = sensitiveAttributes.get(`${r.mode}.${r.type}`) ?? [];
      const paths = [...(inst.sensitive_attributes ?? []), ...bySchema.map((a): PathStep[] => [{ type: 'get_attr', value: a }])];
      for (const p of paths) leaves(valueAt(inst.attributes, p), `${addr}${stepsLabel(p)}`, out);
    }
  }
  for (const [name, o] of Object.entries(state.outputs ?? {})) if (o.sensitive) leaves(o.value, `${stack}: output.${name}`, out);
  return out;
}

/** Distinct values (the same secret reaches several attributes), keeping the first label. */
export function distinctSecrets(values: readonly SecretValue[]): SecretValue[] {
  const seen = new Map<string, SecretValue>();
  for (const v of values) if (!seen.has(v.value)) seen.set(v.value, v);
  return [...seen.values()];
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The forms a secret could be written in, each at least MIN_SECRET_LENGTH long. */
export function secretForms(value: string): { form: string; text: string }[] {
  const forms: { form: string; text: string }[] = [{ form: 'raw', text: value }];
  const json = JSON.stringify(value).slice(1, -1);
  if (json !== value) forms.push({ form: 'json', text: json });
  forms.push({ form: 'base64', text: Buffer.from(value).toString('base64') });
  let pem = value.startsWith('-----BEGIN') ? value : undefined;
  if (value.length % 4 === 0 && BASE64.test(value)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    if (decoded.startsWith('-----BEGIN')) pem = decoded;
    else if (/^[\x20-\x7e]+$/.test(decoded) && decoded.length >= MIN_SECRET_LENGTH) forms.push({ form: 'decoded', text: decoded });
  }
  if (pem) {
    // A PEM may be re-wrapped or escaped: search its body lines, which carry the key material.
    for (const line of pem.split('\n').filter((l) => l && !l.startsWith('-----') && l.length >= MIN_SECRET_LENGTH)) forms.push({ form: 'pem-line', text: line });
  }
  return forms.filter((f) => f.text.length >= MIN_SECRET_LENGTH);
}

/** Searches one text (or file content) for every form of every secret. */
export function scanText(where: string, text: string | Buffer, secrets: readonly SecretValue[]): SecretHit[] {
  const hay = typeof text === 'string' ? Buffer.from(text) : text;
  const hits: SecretHit[] = [];
  for (const s of secrets) {
    for (const f of secretForms(s.value)) {
      const at = hay.indexOf(f.text);
      if (at >= 0) {
        hits.push({ label: s.label, form: f.form, where, context: maskedLine(hay, at, secrets) });
        break;
      }
    }
  }
  return hits;
}

/** The line around a hit, every secret in it masked, so the report says who wrote it without repeating it. */
function maskedLine(hay: Buffer, at: number, secrets: readonly SecretValue[]): string {
  const start = hay.lastIndexOf(10, at) + 1;
  const end = hay.indexOf(10, at);
  let line = hay.subarray(Math.max(start, at - 400), end < 0 ? Math.min(hay.length, at + 400) : Math.min(end, at + 400)).toString('utf8');
  for (const s of secrets) for (const f of secretForms(s.value)) line = line.split(f.text).join('<secret>');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Files under `root`, skipping directories and files `skip` names (base name, kind, parent directory). */
export function filesUnder(root: string, skip: (name: string, isDir: boolean, parent: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (skip(e.name, e.isDirectory(), dir)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(root);
  return out;
}

/** Mode (octal text) of a stack's state directory and of each state file in it (state, `.backup`, kept copies). */
export function stateModes(stackDir: string, stack: string): { readonly path: string; readonly mode: string }[] {
  const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);
  const files = fs.readdirSync(stackDir).filter((n) => n.startsWith(`terraform.${stack}.tfstate`));
  return [{ path: stackDir, mode: mode(stackDir) }, ...files.map((n) => ({ path: path.join(stackDir, n), mode: mode(path.join(stackDir, n)) }))];
}

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----/g;

/**
 * PEM blocks other than CERTIFICATE in the strings of a synthesized stack JSON (CA bundles such as
 * CAPMOX's root_ca, patches), as `<json path>: <block label>`; certificates are public.
 */
export function nonCertificatePem(json: unknown, where = ''): string[] {
  if (typeof json === 'string') {
    const texts = [json, ...[...json.matchAll(/LS0tLS1CRUdJTi[A-Za-z0-9+/=]*/g)].map((m) => Buffer.from(m[0], 'base64').toString('latin1'))];
    return texts.flatMap((t) =>
      [...t.matchAll(PEM_BLOCK)]
        .map((m) => m[1])
        .filter((l) => l !== 'CERTIFICATE')
        .map((l) => `${where}: ${l}`),
    );
  }
  if (Array.isArray(json)) return json.flatMap((v, i) => nonCertificatePem(v, `${where}[${i}]`));
  if (json !== null && typeof json === 'object') return Object.entries(json).flatMap(([k, v]) => nonCertificatePem(v, `${where}.${k}`));
  return [];
}
