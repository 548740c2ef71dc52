/**
 * A small typed Kubernetes REST client over node:https: JSON requests, paginated lists with label
 * selectors, server-side apply and deletes. It only speaks to one API server, with the trust and
 * credentials of a kubeconfig context; errors name the server URL (never the credentials).
 *
 * Why not @kubernetes/client-node: its 1.x line is ESM-only, which Jest cannot load in-process on
 * Node 20 (so no test tier could exercise the installer), and its 2.x line needs Node >= 22.
 */
import { Agent, request as httpsRequest, type RequestOptions } from 'node:https';
import * as fs from 'node:fs';
import { ExecCredentialCache } from './exec-credential';
import { KubeApiError, KubeUnreachableError, isTransient } from './errors';
import type { ClusterAccess } from './kubeconfig';
import type { ObjectMeta } from './objects';

export interface KubeClientOptions {
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
  readonly userAgent?: string;
  /** Applied to server messages before they go into errors (removes secret values the server echoed). */
  readonly redact?: (text: string) => string;
  /** Attempts for transient failures (429, 5xx, reset connections); default 4. */
  readonly attempts?: number;
  /**
   * How long a request keeps being retried while an admission or conversion webhook cannot be
   * reached (default 90 s): a provider that was just installed may report its Deployment
   * Available a moment before its webhook Service routes to it.
   */
  readonly webhookWaitMs?: number;
}

/**
 * The API server's answer when a webhook (admission or CRD conversion) gave no answer: refused
 * connections, no endpoints, a proxy error, a timeout. A webhook that answers and refuses makes
 * the API server reply 4xx instead ("denied the request").
 */
export function isWebhookUnreachable(status: number, body: string): boolean {
  return status === 500 && /failed calling webhook|conversion webhook for/.test(body);
}

export interface RawResponse {
  readonly status: number;
  readonly body: string;
}

export interface RequestBody {
  readonly body?: unknown;
  readonly contentType?: string;
  /** Default application/json. */
  readonly accept?: string;
}

export interface ListResult<T> {
  readonly items: T[];
}

/** Server version as GET /version reports it. */
export interface ServerVersion {
  readonly gitVersion: string;
  readonly major: string;
  readonly minor: string;
}

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the API server running and the address right?)',
  ENOTFOUND: 'host name not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed and not trusted (check certificate-authority-data)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain is not trusted (check certificate-authority-data)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate is not trusted (check certificate-authority-data)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this address (check server or tls-server-name)',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
};

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export class KubeClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly redact: (text: string) => string;
  private readonly exec: ExecCredentialCache | undefined;
  private agent: Agent | undefined;
  private agentKey = '';

  constructor(
    readonly access: ClusterAccess,
    private readonly options: KubeClientOptions = {},
  ) {
    this.base = new URL(access.server);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.attempts = Math.max(1, options.attempts ?? 4);
    this.redact = options.redact ?? ((text) => text);
    this.exec = access.auth.kind === 'exec' ? new ExecCredentialCache(access.auth.exec, { server: access.server, caPem: access.caPem }) : undefined;
  }

  /** The API server URL, for messages. */
  get server(): string {
    return this.access.server;
  }

  /** Releases pooled connections (call when done; the client stays usable). */
  close(): void {
    this.agent?.destroy();
    this.agent = undefined;
  }

  private async tls(): Promise<{ agent: Agent; headers: Record<string, string> }> {
    const a = this.access;
    let cert: string | undefined;
    let key: string | undefined;
    const headers: Record<string, string> = {};
    switch (a.auth.kind) {
      case 'certificate':
        cert = a.auth.certPem;
        key = a.auth.keyPem;
        break;
      case 'token':
        headers.authorization = `Bearer ${a.auth.token}`;
        break;
      case 'token-file':
        headers.authorization = `Bearer ${fs.readFileSync(a.auth.path, 'utf8').trim()}`;
        break;
      case 'basic':
        headers.authorization = `Basic ${Buffer.from(`${a.auth.username}:${a.auth.password}`).toString('base64')}`;
        break;
      case 'exec': {
        const cred = await this.exec!.get();
        if (cred.token) headers.authorization = `Bearer ${cred.token}`;
        else {
          cert = cred.certPem;
          key = cred.keyPem;
        }
        break;
      }
      case 'none':
        break;
    }
    // One pooled agent per client identity; exec plugins may rotate the certificate.
    const agentKey = `${cert ?? ''}\0${key ?? ''}`;
    if (!this.agent || this.agentKey !== agentKey) {
      this.agent?.destroy();
      this.agent = new Agent({
        keepAlive: true,
        maxSockets: 8,
        ca: a.caPem,
        cert,
        key,
        rejectUnauthorized: !a.insecureSkipTlsVerify,
        servername: a.tlsServerName,
      });
      this.agentKey = agentKey;
    }
    return { agent: this.agent, headers };
  }

  private once(method: string, path: string, req: RequestBody): Promise<RawResponse> {
    const url = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    const payload = req.body === undefined ? undefined : typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
    return this.tls().then(
      ({ agent, headers }) =>
        new Promise<RawResponse>((resolve, reject) => {
          const opts: RequestOptions = {
            method,
            agent,
            timeout: this.timeoutMs,
            headers: {
              ...headers,
              accept: req.accept ?? 'application/json',
              'user-agent': this.options.userAgent ?? 'ptc-capi',
              ...(payload === undefined ? {} : { 'content-type': req.contentType ?? 'application/json', 'content-length': Buffer.byteLength(payload) }),
            },
          };
          const r = httpsRequest(url, opts, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', (e) => reject(this.transportError(e)));
          });
          r.on('timeout', () => r.destroy(Object.assign(new Error(`no answer within ${this.timeoutMs / 1000} s`), { code: 'timeout' })));
          r.on('error', (e) => reject(this.transportError(e)));
          if (payload !== undefined) r.write(payload);
          r.end();
        }),
    );
  }

  private transportError(e: Error): KubeUnreachableError {
    const code = (e as NodeJS.ErrnoException).code ?? (e.message === 'socket hang up' ? 'socket-hang-up' : 'error');
    return new KubeUnreachableError(this.server, code, TRANSPORT_CODES[code] ?? `${e.message}${code !== 'error' ? ` (${code})` : ''}`);
  }

  /** One request with retries of transient failures; resolves with any HTTP status. */
  async raw(method: string, path: string, req: RequestBody = {}, signal?: AbortSignal): Promise<RawResponse> {
    let lastError: unknown;
    const webhookDeadline = Date.now() + (this.options.webhookWaitMs ?? 90_000);
    for (let attempt = 0; attempt < this.attempts; attempt++) {
      if (attempt > 0) await sleep(250 * 2 ** (attempt - 1), signal);
      if (signal?.aborted) throw new Error(`${method} ${path}: cancelled`);
      try {
        let res = await this.once(method, path, req);
        // A webhook not reachable yet: wait for it (bounded), apart from the transient-error budget.
        for (let wait = 500; isWebhookUnreachable(res.status, res.body) && Date.now() + wait < webhookDeadline && !signal?.aborted; wait = Math.min(wait * 2, 5_000)) {
          await sleep(wait, signal);
          res = await this.once(method, path, req);
        }
        if (isWebhookUnreachable(res.status, res.body)) return res;
        if (res.status === 401 && this.exec) this.exec.invalidate();
        if ([429, 500, 502, 503, 504].includes(res.status) && attempt < this.attempts - 1) {
          lastError = this.apiError(method, path, res);
          continue;
        }
        return res;
      } catch (err) {
        lastError = err;
        if (!isTransient(err)) throw err;
      }
    }
    throw lastError;
  }

  private apiError(method: string, path: string, res: RawResponse): KubeApiError {
    let reason: string | undefined;
    let message = res.body.trim() || '(empty answer)';
    try {
      const status = JSON.parse(res.body) as { reason?: string; message?: string };
      reason = status.reason;
      message = status.message ?? message;
    } catch {
      // not a Status object
    }
    if (res.status === 401) message += ' (the kubeconfig credentials were rejected)';
    if (isWebhookUnreachable(res.status, res.body)) {
      message += ` (the webhook stayed unreachable for ${Math.round((this.options.webhookWaitMs ?? 90_000) / 1000)} s: check that the provider's Pods are Ready and its webhook Service has endpoints, then re-run)`;
    }
    return new KubeApiError(this.server, method, path, res.status, reason, this.redact(message));
  }

  /** A JSON request; throws KubeApiError for a non-2xx answer. */
  async json<T>(method: string, path: string, req: RequestBody = {}, signal?: AbortSignal): Promise<T> {
    const res = await this.raw(method, path, req, signal);
    if (res.status < 200 || res.status > 299) throw this.apiError(method, path, res);
    return (res.body ? JSON.parse(res.body) : {}) as T;
  }

  get<T>(path: string, signal?: AbortSignal): Promise<T> {
    return this.json<T>('GET', path, {}, signal);
  }

  /** GET that answers null for 404. */
  async getOptional<T>(path: string, signal?: AbortSignal): Promise<T | null> {
    const res = await this.raw('GET', path, {}, signal);
    if (res.status === 404) return null;
    if (res.status < 200 || res.status > 299) throw this.apiError('GET', path, res);
    return JSON.parse(res.body) as T;
  }

  /** Every item of a collection, following `continue` tokens. */
  list<T>(path: string, labelSelector?: string, signal?: AbortSignal): Promise<T[]> {
    return this.paginate<T>(path, labelSelector, 'application/json', signal);
  }

  /** Like list, but only each item's metadata (PartialObjectMetadata): cheap for big objects such as CRDs. */
  listMetadata(path: string, labelSelector?: string, signal?: AbortSignal): Promise<Array<{ metadata: ObjectMeta }>> {
    return this.paginate(path, labelSelector, 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json', signal);
  }

  private async paginate<T>(path: string, labelSelector: string | undefined, accept: string, signal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ limit: '500' });
      if (labelSelector) q.set('labelSelector', labelSelector);
      if (token) q.set('continue', token);
      const page = await this.json<{ items?: T[]; metadata?: { continue?: string } }>('GET', `${path}?${q.toString()}`, { accept }, signal);
      items.push(...(page.items ?? []));
      token = page.metadata?.continue || undefined;
    } while (token);
    return items;
  }

  /** Server-side apply of `obj` at `path` (the object's own URL) as `fieldManager`, taking over conflicting fields. */
  apply<T>(path: string, obj: unknown, fieldManager: string, signal?: AbortSignal): Promise<T> {
    const q = new URLSearchParams({ fieldManager, force: 'true' });
    return this.json<T>('PATCH', `${path}?${q.toString()}`, { body: obj, contentType: 'application/apply-patch+yaml' }, signal);
  }

  /** JSON merge patch (RFC 7386). */
  mergePatch<T>(path: string, patch: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>('PATCH', path, { body: patch, contentType: 'application/merge-patch+json' }, signal);
  }

  create<T>(path: string, obj: unknown, signal?: AbortSignal): Promise<T> {
    return this.json<T>('POST', path, { body: obj }, signal);
  }

  /** Deletes; resolves false when the object was already gone. */
  async delete(path: string, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' = 'Background', signal?: AbortSignal): Promise<boolean> {
    const res = await this.raw('DELETE', path, { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy } }, signal);
    if (res.status === 404) return false;
    if (res.status < 200 || res.status > 299) throw this.apiError('DELETE', path, res);
    return true;
  }

  version(signal?: AbortSignal): Promise<ServerVersion> {
    return this.get<ServerVersion>('/version', signal);
  }
}
