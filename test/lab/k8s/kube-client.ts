/**
 * A small HTTPS client for lab API servers (and etcd's /health), authenticating with a client
 * certificate and trusting only the cluster's CA. Enough for readiness probes, node registration
 * and test assertions; anything richer goes through kubectl.
 */
import { request as httpsRequest } from 'node:https';

export interface TlsClientCredentials {
  /** https://host:port */
  readonly server: string;
  readonly caPem: string;
  /** Client certificate and key; omit both for an anonymous request. */
  readonly certPem?: string;
  readonly keyPem?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

export interface RequestOptions {
  readonly body?: unknown;
  /** Default application/json when a body is given. */
  readonly contentType?: string;
  readonly timeoutMs?: number;
}

/** A non-2xx answer of the API server, with its Status reason when it sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly serverMessage: string,
  ) {
    super(`${method} ${path}: HTTP ${status}${reason ? ` ${reason}` : ''}: ${serverMessage}`);
    this.name = 'KubeApiError';
  }
}

export class LabKubeClient {
  constructor(readonly credentials: TlsClientCredentials) {}

  /** Sends one request; resolves with any HTTP status (rejects only on transport errors). */
  raw(method: string, path: string, options: RequestOptions = {}): Promise<RawResponse> {
    const url = new URL(path, this.credentials.server);
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = httpsRequest(
        url,
        {
          method,
          ca: this.credentials.caPem,
          cert: this.credentials.certPem,
          key: this.credentials.keyPem,
          agent: false,
          timeout: options.timeoutMs ?? 30_000,
          headers: {
            accept: 'application/json',
            ...(payload === undefined ? {} : { 'content-type': options.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${url.href} timed out`)));
      req.on('error', reject);
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }

  /** Sends a request and parses the JSON answer; throws KubeApiError for a non-2xx status. */
  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(method, path, options);
    if (res.status < 200 || res.status > 299) {
      let reason: string | undefined;
      let message = res.body;
      try {
        const status = JSON.parse(res.body) as { reason?: string; message?: string };
        reason = status.reason;
        message = status.message ?? res.body;
      } catch {
        // not a Status object
      }
      throw new KubeApiError(method, path, res.status, reason, message);
    }
    return JSON.parse(res.body) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.json<T>('GET', path);
  }

  create<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('POST', path, { body });
  }

  /** JSON merge patch (RFC 7386). */
  mergePatch<T>(path: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', path, { body, contentType: 'application/merge-patch+json' });
  }

  /** Server-side apply as `fieldManager`. */
  apply<T>(path: string, body: unknown, fieldManager: string): Promise<T> {
    const sep = path.includes('?') ? '&' : '?';
    return this.json<T>('PATCH', `${path}${sep}fieldManager=${encodeURIComponent(fieldManager)}&force=true`, {
      body,
      contentType: 'application/apply-patch+yaml',
    });
  }
}

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  readonly abort?: () => string | undefined;
}

/**
 * Polls `probe` every `intervalMs` until it returns a value (not undefined), `abort` returns a
 * reason to give up, or `timeoutMs` passes. The last probe error is reported in the timeout message.
 */
export async function waitForValue<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  let last: string;
  for (;;) {
    const aborted = options.abort?.();
    if (aborted !== undefined) throw new Error(`gave up waiting for ${what}: ${aborted}`);
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'condition not met';
    } catch (err) {
      last = (err as Error).message;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${what} (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 250));
  }
}

/** waitForValue for a yes/no probe. */
export async function waitFor(what: string, probe: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  await waitForValue(what, async () => ((await probe()) ? true : undefined), options);
}
