/**
 * Image Factory's HTTP API: uploads a schematic (`POST <factory>/schematics`, answered with
 * `{"id": "<sha256 hex>", ...}`) and reads its catalogue (`GET /versions`,
 * `GET /version/<v>/extensions/official`). Redirects are not followed, so a request (and any
 * user:password the URL carries for a private factory) goes only to the server the URL names.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { SCHEMATIC_ID } from '../../../machinery/image-factory/schematic';

export const DEFAULT_IMAGE_FACTORY_URL = 'https://factory.talos.dev';
const REQUEST_TIMEOUT_MS = 60_000;

/** Loopback hosts, where plain http never leaves the machine (WHATWG-normalized hostnames). */
const LOOPBACK_HOST = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])$/i;

/**
 * `value` with any user:password replaced by `***`, for messages. Works on text that is no URL at
 * all: everything between `//` (or the start) and the last `@` goes, which may hide more than the
 * credentials but never less.
 */
export function redactUserinfo(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const slashes = value.indexOf('//');
  return slashes >= 0 && slashes < at ? `${value.slice(0, slashes + 2)}***${value.slice(at)}` : `***${value.slice(at)}`;
}

/** Why `value` is not a usable factory URL, or undefined. Messages show it only redacted. */
export function factoryUrlProblem(value: string): string | undefined {
  const shown = `"${redactUserinfo(value)}"`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${shown} is not a URL; use e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${shown} must be an http(s) URL, e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
  if (url.search || url.hash) return `${shown} must not carry a query or fragment; give the factory's base URL, e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
  if (url.protocol === 'http:' && (url.username || url.password) && !LOOPBACK_HOST.test(url.hostname)) {
    return (
      `${shown} carries a user:password over plain http: Basic auth would cross the network in clear to ${url.hostname}. ` +
      `Use https instead, e.g. https://${url.host}${url.pathname === '/' ? '' : url.pathname} (plain http with credentials is accepted only on loopback: 127.0.0.0/8, ::1, localhost)`
    );
  }
  return undefined;
}

/** The factory URL without its user:password, for messages. */
export function displayUrl(value: string): string {
  const url = new URL(value);
  url.username = '';
  url.password = '';
  return url.toString().replace(/\/+$/, '');
}

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

function send(method: 'GET' | 'POST', url: URL, body: string | undefined, signal: AbortSignal): Promise<Reply> {
  const auth = url.username || url.password ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || undefined,
        path: url.pathname,
        method,
        signal,
        timeout: REQUEST_TIMEOUT_MS,
        headers: {
          ...(body !== undefined ? { 'Content-Type': 'application/yaml', 'Content-Length': Buffer.byteLength(body) } : {}),
          Accept: 'application/json',
          ...(auth ? { Authorization: auth } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** How `call` words the factory refusing a request: 400 (the request's fault) and, where it means something specific, 404. */
interface Wording {
  readonly refused: string;
  readonly notFound?: string;
  /** Appended to a 400 or notFound 404 message: what to do about it. */
  readonly fix?: string;
}

/** Longest piece of a factory's error text that goes into a message. */
const MAX_DETAIL_CHARS = 300;

/**
 * The factory's reason for an error, for a message: on one line, capped, with any line of the
 * request body it quotes left out (the factory may echo a schematic; its reason is what matters).
 */
export function errorDetail(body: string, sent: string | undefined): string {
  let text = body;
  for (const line of (sent ?? '').split('\n')) {
    const quoted = line.trim();
    if (quoted.length >= 8) text = text.split(quoted).join('[…]');
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > MAX_DETAIL_CHARS ? `${text.slice(0, MAX_DETAIL_CHARS)}…` : text;
}

/**
 * One API call: the JSON it answered, or an error naming the factory (without its password), the
 * call and the fix.
 */
async function call(factoryUrl: string, method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal, wording: Wording): Promise<unknown> {
  // Validation skips a URL unknown until apply: the same checks guard the request itself.
  const problem = factoryUrlProblem(factoryUrl);
  if (problem) throw new Error(`image_factory_url ${problem}`);
  const base = new URL(factoryUrl);
  const url = new URL(`${base.pathname.replace(/\/+$/, '')}${path}`, base);
  url.username = base.username;
  url.password = base.password;
  const where = `Image Factory ${displayUrl(factoryUrl)}`;
  const what = `${method} ${path}`;
  let reply: Reply;
  try {
    reply = await send(method, url, body, signal);
  } catch (err) {
    throw new Error(`${where}: ${what} failed: ${err instanceof Error ? err.message : String(err)}; check image_factory_url and that the factory is reachable`);
  }
  if (reply.status >= 300 && reply.status < 400) {
    const location = reply.headers.location ? redactUserinfo(reply.headers.location) : '(no location)';
    throw new Error(`${where} redirected ${what} to ${location}; redirects are not followed: set image_factory_url to the factory's own URL`);
  }
  const text = errorDetail(reply.body, body);
  const fix = wording.fix ? `; ${wording.fix}` : '';
  if (reply.status === 400) throw new Error(`${where} ${wording.refused} (400): ${text}${fix}`);
  if (reply.status === 404 && wording.notFound) throw new Error(`${where} ${wording.notFound} (404): ${text}${fix}`);
  if (reply.status === 401 || reply.status === 403) throw new Error(`${where} denied ${what} (${reply.status}): ${text}; a private factory needs its credentials in image_factory_url`);
  if (reply.status !== 200 && reply.status !== 201) throw new Error(`${where} answered ${what} with HTTP ${reply.status}: ${text}`);
  try {
    return JSON.parse(reply.body) as unknown;
  } catch {
    throw new Error(`${where} answered ${what} with something other than JSON: ${text}`);
  }
}

/** Registers `schematic` (YAML) with the factory at `factoryUrl` and returns the ID it answers. */
export async function createSchematic(factoryUrl: string, schematic: string, signal: AbortSignal): Promise<string> {
  const answer = await call(factoryUrl, 'POST', '/schematics', schematic, signal, { refused: 'refused the schematic' });
  const id = (answer as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !SCHEMATIC_ID.test(id)) {
    throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered POST /schematics without a schematic ID (64 hex digits): ${errorDetail(JSON.stringify(answer), schematic)}`);
  }
  return id;
}

/** The Talos versions the factory builds images for (`GET /versions`), in its order. */
export async function listTalosVersions(factoryUrl: string, signal: AbortSignal): Promise<string[]> {
  const answer = await call(factoryUrl, 'GET', '/versions', undefined, signal, { refused: 'refused the request' });
  if (!Array.isArray(answer) || answer.some((v) => typeof v !== 'string')) {
    throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered GET /versions with something other than a list of versions`);
  }
  return answer as string[];
}

export interface ExtensionInfo {
  readonly name: string;
  readonly ref: string;
  readonly digest: string;
  readonly author: string;
  readonly description: string;
}

/** The official system extensions the factory offers for `talosVersion` (`GET /version/<v>/extensions/official`). */
export async function listOfficialExtensions(factoryUrl: string, talosVersion: string, signal: AbortSignal): Promise<ExtensionInfo[]> {
  const path = `/version/${encodeURIComponent(talosVersion)}/extensions/official`;
  // The factory answers 404 for a version it does not build, 400 for one it cannot parse.
  const unknown = `does not know Talos ${talosVersion}`;
  const fix = 'give talos_version as one the factory offers (talos_image_factory_versions lists them)';
  const answer = await call(factoryUrl, 'GET', path, undefined, signal, { refused: unknown, notFound: unknown, fix });
  if (!Array.isArray(answer)) throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered GET ${path} with something other than a list of extensions`);
  return answer.map((e: unknown) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
    if (!str('name')) throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered GET ${path} with an extension without a name`);
    return { name: str('name'), ref: str('ref'), digest: str('digest'), author: str('author'), description: str('description') };
  });
}
