/**
 * talosconfig, the talosctl client configuration: `context` plus `contexts.<name>` with
 * endpoints, nodes and base64-of-PEM ca/crt/key. Written in go-yaml's layout (4-space indent,
 * contexts sorted by name, empty optional fields omitted, `endpoints` always present).
 */
import { yamlLib } from '../../kernel/lazy';
import { base64ToPem, pemToBase64 } from '../../pki';
import type { SecretsBundle } from '../secrets/bundle';
import { issueAdminClientCertificate, type AdminCertificateOptions } from './admin-certificate';

export interface TalosconfigContext {
  /** apid addresses (port 50000 implied). */
  readonly endpoints: readonly string[];
  /** Default target nodes (sent as routing metadata). */
  readonly nodes?: readonly string[];
  /** PEM text of the os CA certificate. */
  readonly ca?: string;
  /** PEM text of the client certificate. */
  readonly crt?: string;
  /** PEM text of the client private key (Talos label, e.g. `ED25519 PRIVATE KEY`). */
  readonly key?: string;
  readonly auth?: {
    readonly basic?: { readonly username: string; readonly password: string };
    readonly siderov1?: { readonly identity: string };
  };
  readonly cluster?: string;
}

export interface Talosconfig {
  /** Name of the current context ('' when none). */
  readonly context: string;
  readonly contexts: Readonly<Record<string, TalosconfigContext>>;
}

export interface GenerateTalosconfigInput extends AdminCertificateOptions {
  /** Context name (talosctl uses the cluster name). */
  readonly clusterName: string;
  readonly endpoints: readonly string[];
  readonly nodes?: readonly string[];
  /** Only the os CA is used. */
  readonly bundle: Pick<SecretsBundle, 'certs'>;
}

/** `talosctl gen config`'s talosconfig: one context named after the cluster, with a fresh admin client certificate. */
export async function generateTalosconfig(input: GenerateTalosconfigInput): Promise<string> {
  if (!input || typeof input !== 'object') throw new Error('input: expected { clusterName, endpoints, bundle }');
  if (typeof input.clusterName !== 'string' || input.clusterName.trim() === '') {
    throw new Error('clusterName: expected a non-empty string');
  }
  const endpoints = stringList(input.endpoints, 'endpoints');
  const nodes = input.nodes === undefined ? [] : stringList(input.nodes, 'nodes');
  const client = await issueAdminClientCertificate(input.bundle, input);
  return formatTalosconfig({
    context: input.clusterName,
    contexts: {
      [input.clusterName]: {
        endpoints,
        ...(nodes.length > 0 ? { nodes } : {}),
        ca: input.bundle.certs.os.crt,
        crt: client.crt,
        key: client.key,
      },
    },
  });
}

export function formatTalosconfig(config: Talosconfig): string {
  const contexts: Record<string, Record<string, unknown>> = {};
  for (const name of Object.keys(config.contexts).sort()) {
    const ctx = config.contexts[name];
    const out: Record<string, unknown> = { endpoints: [...ctx.endpoints] };
    if (ctx.nodes && ctx.nodes.length > 0) out.nodes = [...ctx.nodes];
    if (ctx.ca) out.ca = pemToBase64(ctx.ca);
    if (ctx.crt) out.crt = pemToBase64(ctx.crt);
    if (ctx.key) out.key = pemToBase64(ctx.key);
    const auth: Record<string, unknown> = {};
    if (ctx.auth?.basic) auth.basic = { username: ctx.auth.basic.username, password: ctx.auth.basic.password };
    if (ctx.auth?.siderov1) auth.siderov1 = { identity: ctx.auth.siderov1.identity };
    if (Object.keys(auth).length > 0) out.auth = auth;
    if (ctx.cluster) out.cluster = ctx.cluster;
    contexts[name] = out;
  }
  return yamlLib().stringify({ context: config.context, contexts }, { indent: 4, indentSeq: true, lineWidth: 0, minContentWidth: 0 });
}

/**
 * Parses a talosconfig. Unknown fields are ignored (as talosctl does); the deprecated `target` is
 * appended to `endpoints`. Errors name the field, e.g. `contexts.lab.crt: not base64 of PEM text`.
 */
export function parseTalosconfig(text: string): Talosconfig {
  if (typeof text !== 'string') throw new Error('talosconfig: expected YAML text');
  const doc = yamlLib().parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new Error(`talosconfig: ${doc.errors[0].message.split('\n')[0]}`);
  const root = doc.toJS() as unknown;
  if (root === null || root === undefined) return { context: '', contexts: {} };
  const top = asMapping(root, 'talosconfig');
  const context = optionalString(top.context, 'context') ?? '';
  const rawContexts = top.contexts === undefined || top.contexts === null ? {} : asMapping(top.contexts, 'contexts');
  const contexts: Record<string, TalosconfigContext> = {};
  for (const [name, value] of Object.entries(rawContexts)) {
    contexts[name] = parseContext(value, `contexts.${name}`);
  }
  if (context !== '' && !(context in contexts)) {
    throw new Error(`context: "${context}" is not defined under contexts (have: ${Object.keys(contexts).join(', ') || 'none'})`);
  }
  return { context, contexts };
}

/** The named context, or the current one; throws naming what is missing. */
export function selectTalosconfigContext(config: Talosconfig, name?: string): TalosconfigContext {
  const wanted = name ?? config.context;
  if (!wanted) throw new Error('talosconfig has no current context; pass a context name');
  const ctx = config.contexts[wanted];
  if (!ctx) throw new Error(`talosconfig context "${wanted}" is not defined`);
  return ctx;
}

function parseContext(value: unknown, path: string): TalosconfigContext {
  const raw = value === null ? {} : asMapping(value, path);
  const endpoints = raw.endpoints === undefined || raw.endpoints === null ? [] : stringList(raw.endpoints, `${path}.endpoints`);
  const target = optionalString(raw.target, `${path}.target`);
  if (target) endpoints.push(target);
  const nodes = raw.nodes === undefined || raw.nodes === null ? undefined : stringList(raw.nodes, `${path}.nodes`);
  const pem = (field: 'ca' | 'crt' | 'key'): string | undefined => {
    const encoded = optionalString(raw[field], `${path}.${field}`);
    if (!encoded) return undefined;
    try {
      return base64ToPem(encoded);
    } catch (err) {
      throw new Error(`${path}.${field}: not base64 of PEM text (${(err as Error).message})`);
    }
  };
  const ctx: { -readonly [K in keyof TalosconfigContext]: TalosconfigContext[K] } = { endpoints };
  if (nodes && nodes.length > 0) ctx.nodes = nodes;
  const ca = pem('ca');
  const crt = pem('crt');
  const key = pem('key');
  if (ca) ctx.ca = ca;
  if (crt) ctx.crt = crt;
  if (key) ctx.key = key;
  const auth = parseAuth(raw.auth, `${path}.auth`);
  if (auth) ctx.auth = auth;
  const cluster = optionalString(raw.cluster, `${path}.cluster`);
  if (cluster) ctx.cluster = cluster;
  return ctx;
}

function parseAuth(value: unknown, path: string): TalosconfigContext['auth'] {
  if (value === undefined || value === null) return undefined;
  const raw = asMapping(value, path);
  const out: { basic?: { username: string; password: string }; siderov1?: { identity: string } } = {};
  if (raw.basic !== undefined && raw.basic !== null) {
    const basic = asMapping(raw.basic, `${path}.basic`);
    out.basic = {
      username: optionalString(basic.username, `${path}.basic.username`) ?? '',
      password: optionalString(basic.password, `${path}.basic.password`) ?? '',
    };
  }
  if (raw.siderov1 !== undefined && raw.siderov1 !== null) {
    const sidero = asMapping(raw.siderov1, `${path}.siderov1`);
    out.siderov1 = { identity: optionalString(sidero.identity, `${path}.siderov1.identity`) ?? '' };
  }
  return out.basic || out.siderov1 ? out : undefined;
}

function asMapping(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${path}: expected a mapping`);
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${path}: expected a string`);
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value)) throw new Error(`${path}: expected a list of strings`);
  return value.map((item, i) => {
    if (typeof item !== 'string' || item.trim() === '') throw new Error(`${path}[${i}]: expected a non-empty string`);
    return item;
  });
}
