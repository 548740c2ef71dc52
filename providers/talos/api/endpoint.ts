/** Talos API endpoints: `host`, `host:port`, `[v6]:port`, bare IPv6, or an https:// URL; port 50000 by default. */
import { isIP } from 'node:net';

export const TALOS_API_PORT = 50000;

export interface TalosEndpoint {
  readonly host: string;
  readonly port: number;
  /** host:port as grpc-js dials it (IPv6 bracketed). */
  readonly address: string;
}

export function parseEndpoint(endpoint: string): TalosEndpoint {
  if (typeof endpoint !== 'string' || endpoint.trim() === '') {
    throw new Error('endpoint is empty: pass the node address (IP or name, optionally :port; Talos API port is 50000)');
  }
  let text = endpoint.trim();
  const scheme = /^([a-z]+):\/\//i.exec(text);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'https') throw new Error(`endpoint ${endpoint}: only https:// (or no scheme) is supported for the Talos API`);
    text = text.slice(scheme[0].length).replace(/\/+$/, '');
  }
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) {
    host = bracketed[1];
    portText = bracketed[2];
  } else if (isIP(text) === 6) {
    host = text;
  } else {
    const parts = text.split(':');
    if (parts.length > 2) throw new Error(`endpoint ${endpoint}: write IPv6 addresses with a port as [addr]:port`);
    host = parts[0];
    portText = parts[1];
  }
  if (!host || /[\s/]/.test(host)) throw new Error(`endpoint ${endpoint}: host part is not a valid address or name`);
  const port = portText === undefined ? TALOS_API_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`endpoint ${endpoint}: port must be 1-65535`);
  const address = isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
  return { host, port, address };
}
