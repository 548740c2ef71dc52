/**
 * apid routing metadata and the per-reply `common.Metadata` it adds.
 * - `node: X` (one value): apid proxies one-to-one to X; errors come back as plain gRPC status.
 * - `nodes: X, Y` (repeated): fan-out; each reply message gets metadata.hostname, and a node that
 *   failed yields a message holding only metadata{hostname, error, status}.
 */
import { Metadata } from '@grpc/grpc-js';

export type Routing = { readonly node: string } | { readonly nodes: readonly string[] } | undefined;

export function routingMetadata(routing: Routing): Metadata {
  const md = new Metadata();
  if (!routing) return md;
  if ('node' in routing) {
    if (!routing.node) throw new Error('node is empty: pass the node address to route the call to');
    md.set('node', routing.node);
    return md;
  }
  if (routing.nodes.length === 0) throw new Error('nodes is empty: pass at least one node address');
  for (const node of routing.nodes) {
    if (!node) throw new Error('nodes contains an empty address');
    md.add('nodes', node);
  }
  return md;
}

/** Wire shape of common.Metadata as decoded by proto-loader (defaults on). */
export interface WireReplyMetadata {
  hostname: string;
  error: string;
  status: { code: number; message: string } | null;
}

export interface ReplyFailure {
  readonly hostname: string;
  readonly code: number;
  readonly message: string;
}

/** The failure a fan-out reply message reports, if any. */
export function replyFailure(md: WireReplyMetadata | null | undefined): ReplyFailure | undefined {
  if (!md || !md.error) return undefined;
  return {
    hostname: md.hostname,
    // apid always fills status; fall back to Unknown (2) if a proxy left it out.
    code: md.status?.code ?? 2,
    message: md.status?.message || md.error,
  };
}
