/**
 * A loopback stand-in for Image Factory's HTTP frontend: serves `GET|HEAD /image/<schematic>/<version>/<asset>`
 * with deterministic bytes, so PVE (the simulator) really downloads the image the stack names.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface ImageServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Paths requested, with their method. */
  readonly requests: readonly string[];
  readonly bytes: Buffer;
  close(): Promise<void>;
}

const ASSET = /^\/image\/[0-9a-f]{64}\/v\d+\.\d+\.\d+[^/]*\/nocloud-amd64\.(qcow2|raw)$/;

export async function startImageServer(sizeBytes = 4 * 1024 * 1024): Promise<ImageServer> {
  const chunks: Buffer[] = [];
  for (let i = 0, n = 0; n < sizeBytes; i++, n += 32) chunks.push(createHash('sha256').update(`talos-image-${i}`).digest());
  const bytes = Buffer.concat(chunks).subarray(0, sizeBytes);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(`${req.method} ${path}`);
    if (!ASSET.test(path)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': bytes.length });
    res.end(req.method === 'HEAD' ? undefined : bytes);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    bytes,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
