/**
 * The Kubeconfig RPC streams common.Data chunks that together form a gzip-compressed tar
 * holding one regular file named `kubeconfig` (Talos' "Copy" protocol).
 */
import { gunzipSync } from 'node:zlib';
import { readTar } from './tar';

/** Same bound as the gRPC message limit: a kubeconfig is a few KiB. */
const MAX_UNCOMPRESSED = 32 * 1024 * 1024;

/** Concatenates the chunks, gunzips and returns the `kubeconfig` file's text. */
export function extractKubeconfig(chunks: readonly Uint8Array[]): string {
  const compressed = Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  if (compressed.length === 0) throw new Error('kubeconfig stream was empty (no data chunks received)');
  let archive: Buffer;
  try {
    archive = gunzipSync(compressed, { maxOutputLength: MAX_UNCOMPRESSED });
  } catch (err) {
    throw new Error(`kubeconfig stream is not valid gzip data: ${(err as Error).message}`);
  }
  const entries = readTar(archive);
  const file = entries.find((e) => e.type === 'file' && e.name.replace(/^\.\//, '') === 'kubeconfig');
  if (!file) {
    const names = entries.map((e) => e.name).join(', ') || 'none';
    throw new Error(`kubeconfig archive has no file named "kubeconfig" (entries: ${names})`);
  }
  const text = file.data.toString('utf8');
  if (text.trim() === '') throw new Error('kubeconfig file in the archive is empty');
  return text;
}
