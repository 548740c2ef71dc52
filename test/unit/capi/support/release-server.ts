/**
 * A loopback stand-in for GitHub release downloads: serves an overrides-layout directory under
 * `/<owner>/<repo>/releases/download/<version>/<file>`, redirecting to an asset URL first as
 * GitHub does. Requests are recorded so tests can see what was downloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CERT_MANAGER, PROVIDERS } from '../../../../providers/capi/components/catalog';

export interface ReleaseServer {
  readonly baseUrl: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `dir` (clusterctl overrides layout) as GitHub release assets of the catalog repositories. */
export async function startReleaseServer(dir: string): Promise<ReleaseServer> {
  const labelOf = new Map<string, string>([...PROVIDERS.map((p) => [p.repository, p.manifestLabel] as const), [CERT_MANAGER.repository, CERT_MANAGER.label]]);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    const asset = /^\/assets\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url);
    if (asset) {
      const file = join(dir, asset[1], asset[2], asset[3]);
      if (!existsSync(file)) {
        res.writeHead(404).end('Not Found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(file));
      return;
    }
    const release = /^\/([^/]+\/[^/]+)\/releases\/download\/([^/]+)\/([^/]+)$/.exec(url);
    const label = release && labelOf.get(release[1]);
    if (!release || !label || !existsSync(join(dir, label, release[2], release[3]))) {
      res.writeHead(404).end('Not Found');
      return;
    }
    res.writeHead(302, { location: `/assets/${label}/${release[2]}/${release[3]}` }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
