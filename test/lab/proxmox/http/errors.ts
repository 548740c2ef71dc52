/**
 * Errors a handler throws; the server turns them into PVE's wire shapes:
 *  - ParamError -> 400 "Parameter verification failed." + `errors` map (PVE's raise_param_exc)
 *  - ApiError   -> <status> <first line of message> + `message` (PVE's die / PVE::Exception)
 *  - ProxyError -> 595 <connect error> and no body (proxying to a node that is down)
 *  - AuthError  -> 401 with the reason as status text and no body (pve-http-server's auth path)
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A plain Perl `die "...\n"` inside an API handler: HTTP 500. */
export function fail(message: string): never {
  throw new ApiError(500, message);
}

export class ParamError extends ApiError {
  constructor(readonly errors: Readonly<Record<string, string>>) {
    super(400, 'Parameter verification failed.');
  }
}

export function paramFail(param: string, message: string): never {
  throw new ParamError({ [param]: message });
}

/**
 * pveproxy could not reach the node it proxies to (`proxyto`): AnyEvent::HTTP's status 595 with
 * the connect error as reason, and no body.
 */
export class ProxyError extends ApiError {
  constructor(reason: string) {
    super(595, reason);
  }
}

export class AuthError extends ApiError {
  constructor(reason: string) {
    super(401, reason);
  }
}

/** The status line PVE sends: the first line of the message, never containing CR/LF. */
export function statusText(err: ApiError): string {
  const first = err.message.split(/\r?\n/)[0].trim();
  return first.length > 0 ? first : 'error';
}
