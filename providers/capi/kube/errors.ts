/** Errors of the Kubernetes client: the server could not be reached, or it answered with an error. */

/** The API server could not be reached (connection, DNS, TLS or timeout). */
export class KubeUnreachableError extends Error {
  constructor(
    readonly server: string,
    readonly causeCode: string,
    detail: string,
  ) {
    super(`cannot reach the Kubernetes API server at ${server}: ${detail}`);
    this.name = 'KubeUnreachableError';
  }
}

/** A non-2xx answer, with the Status reason and message the server sent. */
export class KubeApiError extends Error {
  constructor(
    readonly server: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly reason: string | undefined,
    readonly serverMessage: string,
  ) {
    super(`${method} ${server}${path}: HTTP ${status}${reason ? ` ${reason}` : ''}: ${serverMessage}`);
    this.name = 'KubeApiError';
  }

  get notFound(): boolean {
    return this.status === 404;
  }

  get conflict(): boolean {
    return this.status === 409;
  }

  /** A 422 naming an immutable field (e.g. a Deployment selector changed between releases). */
  get immutableField(): boolean {
    return this.status === 422 && /immutable/i.test(this.serverMessage);
  }

  get unauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof KubeApiError && err.notFound;
}

/** Errors worth retrying: overload, server errors and dropped connections. */
export function isTransient(err: unknown): boolean {
  if (err instanceof KubeApiError) return err.status === 429 || err.status === 500 || err.status === 502 || err.status === 503 || err.status === 504;
  if (err instanceof KubeUnreachableError) return ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'timeout', 'socket-hang-up'].includes(err.causeCode);
  return false;
}
