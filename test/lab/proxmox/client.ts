/**
 * A small PVE API client for tests: HTTPS with an explicit CA, token or ticket auth, form-encoded
 * bodies (as the bpg provider sends them) or JSON bodies, raw access to status line and body.
 */
import { request } from 'node:https';
import { CONTROL_PREFIX } from './control';

export type Auth = { readonly kind: 'token'; readonly apiToken: string } | { readonly kind: 'ticket'; readonly ticket: string; readonly csrf?: string } | { readonly kind: 'none' };

export interface PveResponse<T = unknown> {
  readonly status: number;
  readonly statusText: string;
  /** Parsed JSON body, or undefined when the body was empty (PVE's 401s). */
  readonly body: { data: T; errors?: Record<string, string>; message?: string; total?: number; changes?: string } | undefined;
  readonly raw: string;
}

export type FormValue = string | number | boolean | readonly (string | number)[];

export interface RequestOptions {
  /** Sent in the body for POST/PUT (form-encoded unless `json`), in the query for GET/DELETE. */
  readonly params?: Readonly<Record<string, FormValue | undefined>>;
  readonly json?: boolean;
  /** A multipart/form-data body (an upload): text fields and one file part. */
  readonly multipart?: { readonly fields: Readonly<Record<string, string>>; readonly file: { readonly field: string; readonly name: string; readonly bytes: Buffer } };
  /** Overrides the client's auth for one request. */
  readonly auth?: Auth;
  readonly timeoutMs?: number;
}

export class PveApiError extends Error {
  constructor(readonly response: PveResponse) {
    super(`${response.status} ${response.statusText}${response.body?.errors ? ` ${JSON.stringify(response.body.errors)}` : ''}`);
  }
}

export function encodeForm(params: Readonly<Record<string, FormValue | undefined>>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    const values = Array.isArray(v) ? v : [v];
    for (const item of values) {
      const text = typeof item === 'boolean' ? (item ? '1' : '0') : String(item);
      parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(text)}`);
    }
  }
  return parts.join('&');
}

/** Percent-encodes each path segment (as the bpg provider does for volume IDs and UPIDs). */
export function apiPath(...segments: readonly (string | number)[]): string {
  return `/${segments.map((s) => encodeURIComponent(String(s))).join('/')}`;
}

export class PveClient {
  constructor(
    readonly baseUrl: string,
    readonly caPem: string,
    public auth: Auth,
  ) {}

  async call<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<PveResponse<T>> {
    const auth = opts.auth ?? this.auth;
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: string | Buffer | undefined;
    // The lab control API lives beside /api2/json, not below it.
    let url = path.startsWith(CONTROL_PREFIX) ? `${this.baseUrl}${path}` : `${this.baseUrl}/api2/json${path}`;
    const params = opts.params ?? {};
    if (method === 'GET' || method === 'DELETE') {
      const q = encodeForm(params);
      if (q) url += `${url.includes('?') ? '&' : '?'}${q}`;
    } else if (opts.multipart) {
      // As go-proxmox sends an upload: the text fields first, the file part last.
      const boundary = `----ptc-lab-${Date.now().toString(16)}`;
      const parts: Buffer[] = Object.entries(opts.multipart.fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
      const f = opts.multipart.file;
      parts.push(
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field}"; filename="${f.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
        f.bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      );
      body = Buffer.concat(parts);
      headers['Content-Type'] = `multipart/form-data; boundary=${boundary}`;
    } else if (opts.json) {
      body = JSON.stringify(Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)));
      headers['Content-Type'] = 'application/json';
    } else {
      const form = encodeForm(params);
      if (form) {
        body = form;
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
      }
    }
    if (auth.kind === 'token') headers.Authorization = `PVEAPIToken=${auth.apiToken}`;
    if (auth.kind === 'ticket') {
      headers.Cookie = `PVEAuthCookie=${auth.ticket}`;
      if (auth.csrf && method !== 'GET') headers.CSRFPreventionToken = auth.csrf;
    }
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.caPem, minVersion: 'TLSv1.3', timeout: opts.timeoutMs ?? 30_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          let parsed: PveResponse<T>['body'];
          try {
            parsed = raw ? JSON.parse(raw) : undefined;
          } catch {
            parsed = undefined;
          }
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', body: parsed, raw });
        });
      });
      req.on('timeout', () => req.destroy(new Error(`request timed out: ${method} ${path}`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  }

  /** Like call, but returns `data` and throws PveApiError on non-2xx. */
  async data<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.call<T>(method, path, opts);
    if (res.status < 200 || res.status >= 300) throw new PveApiError(res);
    return (res.body as { data: T }).data;
  }

  /** Logs in with a password and switches this client to ticket auth. */
  async login(username: string, password: string): Promise<{ ticket: string; csrf: string }> {
    const data = await this.data<{ ticket: string; CSRFPreventionToken: string }>('POST', '/access/ticket', { params: { username, password }, auth: { kind: 'none' } });
    this.auth = { kind: 'ticket', ticket: data.ticket, csrf: data.CSRFPreventionToken };
    return { ticket: data.ticket, csrf: data.CSRFPreventionToken };
  }

  /** Polls a task like the bpg provider (status every `intervalMs`) until it stops. */
  async waitForTask(upid: string, opts: { intervalMs?: number; timeoutMs?: number } = {}): Promise<{ exitstatus: string; log: string[]; polls: number }> {
    const node = upid.split(':')[1];
    const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
    let polls = 0;
    for (;;) {
      polls++;
      const status = await this.data<{ status: string; exitstatus?: string }>('GET', `${apiPath('nodes', node, 'tasks', upid)}/status`);
      if (status.status !== 'running') {
        const log = await this.data<Array<{ n: number; t: string }>>('GET', `${apiPath('nodes', node, 'tasks', upid)}/log`);
        return { exitstatus: status.exitstatus ?? '', log: log.map((l) => l.t), polls };
      }
      if (Date.now() > deadline) throw new Error(`task ${upid} still running after ${opts.timeoutMs ?? 30_000} ms`);
      await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
    }
  }
}
