/**
 * multipart/form-data bodies as pveproxy reads them for uploads: text parts become parameters,
 * the one file part must be the field `filename` (its `filename=` attribute names the file).
 */
import { ApiError, ParamError } from './errors';

export interface UploadedFile {
  /** The part's `filename=` attribute, as the client sent it (normalised later by the handler). */
  readonly name: string;
  readonly bytes: Buffer;
}

export interface MultipartBody {
  readonly fields: Record<string, string>;
  readonly file?: UploadedFile;
}

/** The boundary of a `multipart/form-data; boundary=…` content type. */
export function multipartBoundary(contentType: string): string {
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw new ApiError(400, 'multipart/form-data without boundary');
  return boundary;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  let file: UploadedFile | undefined;
  let at = body.indexOf(delimiter);
  if (at < 0) throw new ApiError(400, 'malformed multipart body: no boundary');
  for (;;) {
    at += delimiter.length;
    // `--` after a delimiter closes the body.
    if (body[at] === 0x2d && body[at + 1] === 0x2d) break;
    if (body[at] === 0x0d && body[at + 1] === 0x0a) at += 2;
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), at);
    if (next < 0) throw new ApiError(400, 'malformed multipart body: unterminated part');
    const part = body.subarray(at, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd < 0) throw new ApiError(400, 'malformed multipart body: part without headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
    const name = attribute(disposition, 'name');
    if (name === undefined) throw new ApiError(400, 'malformed multipart body: part without a name');
    const filename = attribute(disposition, 'filename');
    if (filename !== undefined) {
      if (name !== 'filename') throw new ParamError({ filename: `wrong field name '${name}' for file upload, expected 'filename'` });
      if (file) throw new ApiError(400, 'more than one file in the upload');
      file = { name: filename, bytes: Buffer.from(data) };
    } else {
      fields[name] = data.toString('utf8');
    }
    at = next + 2;
  }
  return { fields, file };
}

function attribute(disposition: string, key: string): string | undefined {
  const m = new RegExp(`;\\s*${key}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]*))`, 'i').exec(disposition);
  if (!m) return undefined;
  return m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
}
