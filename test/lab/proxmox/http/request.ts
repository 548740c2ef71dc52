/**
 * Request decoding as pve-http-server does it: the whole path is percent-decoded before routing,
 * query parameters are merged over form (or JSON) body parameters, repeated keys become arrays.
 */
import type { IncomingMessage } from 'node:http';
import { ApiError } from './errors';
import type { RawParams } from '../schema/validate';
import { multipartBoundary, parseMultipart, type UploadedFile } from './multipart';

export const API_PREFIX = '/api2/json';
/** Ordinary request bodies; an upload (multipart) may carry an image, held in memory up to its own cap. */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_UPLOAD_BYTES = 256 * 1024 * 1024;

const isMultipart = (contentType: string | undefined): boolean => (contentType ?? '').split(';')[0].trim().toLowerCase() === 'multipart/form-data';

/** application/x-www-form-urlencoded decoding with PVE's rules (`+` is a space, repeated keys collect). */
export function decodeUrlencoded(text: string): RawParams {
  const out: RawParams = {};
  if (!text) return out;
  for (const pair of text.split(/[&;]/)) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const k = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (eq < 0) {
      if (!(k in out)) out[k] = undefined;
      continue;
    }
    const v = decodeComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    const old = out[k];
    if (old === undefined) out[k] = v;
    else out[k] = Array.isArray(old) ? [...(old as string[]), v] : [old as string, v];
  }
  return out;
}

function decodeComponent(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const limit = isMultipart(req.headers['content-type']) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new ApiError(413, 'request entity too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export interface DecodedRequest {
  readonly method: string;
  /** Path below `/api2/json`, fully percent-decoded (`/nodes/pve1/storage/local/content/local:iso/a.iso`). */
  readonly relPath: string;
  readonly params: RawParams;
  /** The file of a multipart upload (its name is also the `filename` parameter). */
  readonly file?: UploadedFile;
}

/** Splits the URL and merges parameters; body parameters only for POST/PUT (as PVE). */
export function decodeRequest(method: string, url: string, contentType: string | undefined, body: Buffer): DecodedRequest {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const path = decodeComponent(rawPath);
  if (!path.startsWith(`${API_PREFIX}/`) && path !== API_PREFIX) throw new ApiError(501, 'no such uri');
  const relPath = path.slice(API_PREFIX.length) || '/';
  let params: RawParams = {};
  let file: UploadedFile | undefined;
  if ((method === 'POST' || method === 'PUT') && body.length > 0) {
    const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
    if (isMultipart(contentType)) {
      const parts = parseMultipart(body, multipartBoundary(contentType ?? ''));
      params = { ...parts.fields };
      file = parts.file;
      if (file) params.filename = file.name;
    } else if (ct === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ApiError(400, 'malformed JSON string');
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ApiError(400, 'expected a JSON object as request body');
      params = { ...(parsed as RawParams) };
    } else {
      params = decodeUrlencoded(body.toString('utf8'));
    }
  } else if (body.length > 0 && method !== 'POST' && method !== 'PUT') {
    throw new ApiError(501, `Unexpected content for method '${method}'`);
  }
  for (const [k, v] of Object.entries(decodeUrlencoded(query))) params[k] = v;
  delete params._dc;
  return { method, relPath, params, file };
}
