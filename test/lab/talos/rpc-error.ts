/** A gRPC status raised by a simulated handler (code + message exactly as Talos sends them). */
import { status } from '@grpc/grpc-js';

export class RpcError extends Error {
  constructor(
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

export const notAuthorized = (): RpcError => new RpcError(status.PERMISSION_DENIED, 'not authorized');

/** What a Go gRPC client reports when apid cannot dial a proxied node. */
export const backendUnavailable = (address: string, port: number): RpcError =>
  new RpcError(status.UNAVAILABLE, `connection error: desc = "transport: Error while dialing: dial tcp ${address}:${port}: connect: connection refused"`);
