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

/** Why `value` is not a usable factory URL, or undefined. */
export function factoryUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL; use e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `"${value}" must be an http(s) URL, e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
  if (url.search || url.hash) return `"${value}" must not carry a query or fragment; give the factory's base URL, e.g. ${DEFAULT_IMAGE_FACTORY_URL}`;
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
  const auth = url.username ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` : undefined;
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

/**
 * One API call: the JSON it answered, or an error naming the factory (without its password), the
 * call and the fix. `refused` words a 400 (the request's fault).
 */
async function call(factoryUrl: string, method: 'GET' | 'POST', path: string, body: string | undefined, signal: AbortSignal, refused: string): Promise<unknown> {
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
    throw new Error(`${where} redirected ${what} to ${reply.headers.location ?? '(no location)'}; redirects are not followed: set image_factory_url to the factory's own URL`);
  }
  const text = reply.body.trim().slice(0, 500);
  if (reply.status === 400) throw new Error(`${where} ${refused} (400): ${text}`);
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
  const answer = await call(factoryUrl, 'POST', '/schematics', schematic, signal, 'refused the schematic');
  const id = (answer as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || !SCHEMATIC_ID.test(id)) {
    throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered POST /schematics without a schematic ID (64 hex digits): ${JSON.stringify(answer).slice(0, 500)}`);
  }
  return id;
}

/** The Talos versions the factory builds images for (`GET /versions`), in its order. */
export async function listTalosVersions(factoryUrl: string, signal: AbortSignal): Promise<string[]> {
  const answer = await call(factoryUrl, 'GET', '/versions', undefined, signal, 'refused the request');
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
  const answer = await call(factoryUrl, 'GET', path, undefined, signal, `does not know Talos ${talosVersion}`);
  if (!Array.isArray(answer)) throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered GET ${path} with something other than a list of extensions`);
  return answer.map((e: unknown) => {
    const o = (e ?? {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : '');
    if (!str('name')) throw new Error(`Image Factory ${displayUrl(factoryUrl)} answered GET ${path} with an extension without a name`);
    return { name: str('name'), ref: str('ref'), digest: str('digest'), author: str('author'), description: str('description') };
  });
}
