/**
 * Where `query-url-metadata` and `download-url` get their bytes. Loopback URLs are really fetched
 * (a test file server or another lab service); other hosts are unreachable from the lab, so by
 * default they resolve to a deterministic synthetic file (size derived from the URL), which keeps
 * stacks that point at e.g. factory.talos.dev deployable offline. `mode: 'offline'` makes them
 * fail like a node without internet.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface UrlMetadata {
  readonly filename: string;
  readonly mimetype: string;
  readonly size: number;
}

export interface FetchedFile {
  readonly size: number;
  /** Lower-case hex digests of the bytes as downloaded. */
  readonly checksums: Readonly<Record<string, string>>;
  /** Size after decompression, when a compression was requested and the bytes were seen. */
  readonly decompressedSize?: number;
}

/** A failed transfer, with the exit code wget would have returned (4 network failure, 8 server error). */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly wgetExitCode: number,
  ) {
    super(message);
  }
}

export type RemoteUrlMode = 'synthetic' | 'offline';

export interface UrlSourceOptions {
  /** Non-loopback hosts: 'synthetic' (default) or 'offline'. */
  readonly remote?: RemoteUrlMode;
  /** Extra CA certificates (PEM) trusted for loopback https URLs. */
  readonly ca?: string;
}

export const ALGORITHMS = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512'] as const;

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

function filenameOf(url: URL, disposition?: string): string {
  const m = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  if (m) return m[1];
  const last = url.pathname
    .split('/')
    .filter((s) => s.length > 0)
    .pop();
  return last ? decodeURIComponent(last) : 'index.html';
}

function mimeFor(name: string): string {
  if (/\.iso$/i.test(name)) return 'application/x-iso9660-image';
  if (/\.(gz|tgz)$/i.test(name)) return 'application/gzip';
  if (/\.xz$/i.test(name)) return 'application/x-xz';
  if (/\.zst$/i.test(name)) return 'application/zstd';
  return 'application/octet-stream';
}

/** Deterministic size for a synthetic remote file: 64..191 MiB in whole MiB (image virtual sizes are). */
export function syntheticSize(url: string): number {
  const h = createHash('sha256').update(url).digest();
  return (64 + (h.readUInt32BE(0) % 128)) * 1024 * 1024;
}

/** Synthetic compressed images grow by this factor when decompressed. */
const SYNTHETIC_DECOMPRESSION_FACTOR = 4;

export class UrlSource {
  constructor(private readonly options: UrlSourceOptions = {}) {}

  private remote(url: URL): void {
    if (this.options.remote === 'offline') throw new FetchError(`can't connect to ${url.host} (Name or service not known)`, 4);
  }

  /** `GET /nodes/{node}/query-url-metadata`: HEAD the URL (PVE does a HEAD with LWP). */
  async metadata(rawUrl: string, verify: boolean): Promise<UrlMetadata> {
    const url = new URL(rawUrl);
    if (!isLoopbackHost(url.hostname)) {
      this.remote(url);
      const filename = filenameOf(url);
      return { filename, mimetype: mimeFor(filename), size: syntheticSize(rawUrl) };
    }
    const res = await this.send(url, 'HEAD', verify);
    res.body.resume();
    if (res.status >= 400) throw new Error(`invalid server response: '${res.status} ${res.statusText}'`);
    const filename = filenameOf(url, res.headers['content-disposition']);
    const size = Number(res.headers['content-length'] ?? NaN);
    return { filename, mimetype: (res.headers['content-type'] ?? mimeFor(filename)).split(';')[0], size: Number.isFinite(size) ? size : 0 };
  }

  /** The download itself: real bytes for loopback URLs (hashed, optionally gunzipped), synthetic otherwise. */
  async fetch(rawUrl: string, verify: boolean, compression: string | undefined): Promise<FetchedFile & { synthetic: boolean }> {
    const url = new URL(rawUrl);
    if (!isLoopbackHost(url.hostname)) {
      this.remote(url);
      const size = syntheticSize(rawUrl);
      return { size, checksums: {}, synthetic: true, decompressedSize: compression ? size * SYNTHETIC_DECOMPRESSION_FACTOR : undefined };
    }
    const res = await this.send(url, 'GET', verify);
    const chunks: Buffer[] = [];
    for await (const c of res.body) chunks.push(c as Buffer);
    if (res.status >= 400) throw new FetchError(`server returned ${res.status} ${res.statusText}`, 8);
    const bytes = Buffer.concat(chunks);
    const checksums = Object.fromEntries(ALGORITHMS.map((a) => [a, createHash(a).update(bytes).digest('hex')]));
    let decompressedSize: number | undefined;
    if (compression === 'gz') decompressedSize = gunzipSync(bytes).length;
    else if (compression) decompressedSize = bytes.length * SYNTHETIC_DECOMPRESSION_FACTOR;
    return { size: bytes.length, checksums, decompressedSize, synthetic: false };
  }

  private send(url: URL, method: 'GET' | 'HEAD', verify: boolean): Promise<{ status: number; statusText: string; headers: Record<string, string | undefined>; body: NodeJS.ReadableStream }> {
    return new Promise((resolve, reject) => {
      const opts = { method, timeout: 30_000, rejectUnauthorized: verify, ca: this.options.ca };
      const req = url.protocol === 'https:' ? httpsRequest(url, opts) : httpRequest(url, { method, timeout: 30_000 });
      req.on('response', (res) => {
        const headers: Record<string, string | undefined> = {};
        for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers, body: res });
      });
      req.on('timeout', () => req.destroy(new Error(`can't connect to ${url.host} (Connection timed out)`)));
      req.on('error', (err) => reject(new FetchError(`can't connect to ${url.host} (${err.message})`, 4)));
      req.end();
    });
  }
}
