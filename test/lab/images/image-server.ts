/**
 * A loopback stand-in for Image Factory's HTTP frontend: serves `GET|HEAD /image/<schematic>/<version>/<asset>`
 * with deterministic bytes, so PVE (the simulator) really downloads the image the stack names, and
 * the schematic API (`POST /schematics`, `GET /schematics/<id>`, see schematics.ts) and the catalogue
 * (`GET /versions`, `GET /version/<v>/extensions/official`, see catalog.ts).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { labCatalog, type FactoryCatalog } from './catalog';
import { SchematicError, SchematicStore } from './schematics';

export interface ImageServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** Paths requested, with their method. */
  readonly requests: readonly string[];
  readonly bytes: Buffer;
  /** Schematics registered through POST /schematics. */
  readonly schematics: SchematicStore;
  close(): Promise<void>;
}

const ASSET = /^\/image\/[0-9a-f]{64}\/v\d+\.\d+\.\d+[^/]*\/nocloud-amd64\.(qcow2|raw)$/;
const SCHEMATIC = /^\/schematics\/([0-9a-f]{64})$/;
const EXTENSIONS = /^\/version\/([^/]+)\/extensions\/official$/;
/** Image Factory limits request bodies; a schematic is small. */
const MAX_SCHEMATIC_BYTES = 1024 * 1024;

/** A percent-decoded path segment, or undefined for a malformed escape (a client error, not a crash). */
function decodePathSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}

/** `POST /schematics`: 201 with the content-addressed ID, 400 for a schematic the factory would refuse. */
function createSchematic(req: IncomingMessage, res: ServerResponse, store: SchematicStore): void {
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size <= MAX_SCHEMATIC_BYTES) chunks.push(c);
  });
  req.on('end', () => {
    if (size > MAX_SCHEMATIC_BYTES) return json(res, 413, { error: 'schematic too large' });
    try {
      json(res, 201, store.put(Buffer.concat(chunks).toString('utf8')));
    } catch (err) {
      if (!(err instanceof SchematicError)) throw err;
      json(res, 400, { error: err.message });
    }
  });
}

export async function startImageServer(sizeBytes = 4 * 1024 * 1024, catalog: FactoryCatalog = labCatalog()): Promise<ImageServer> {
  const chunks: Buffer[] = [];
  for (let i = 0, n = 0; n < sizeBytes; i++, n += 32) chunks.push(createHash('sha256').update(`talos-image-${i}`).digest());
  const bytes = Buffer.concat(chunks).subarray(0, sizeBytes);
  const requests: string[] = [];
  const schematics = new SchematicStore();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push(`${req.method} ${path}`);
    if (path === '/schematics') {
      if (req.method === 'POST') createSchematic(req, res, schematics);
      else res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    if (path === '/versions' && req.method === 'GET') return json(res, 200, catalog.versions);
    const extensions = EXTENSIONS.exec(path);
    if (extensions && req.method === 'GET') {
      const version = decodePathSegment(extensions[1]);
      if (version === undefined) return json(res, 400, { error: `malformed percent-encoding in version ${extensions[1]}` });
      const list = catalog.extensions(version);
      return list ? json(res, 200, list) : json(res, 404, { error: `unknown Talos version ${extensions[1]}` });
    }
    const stored = SCHEMATIC.exec(path);
    if (stored && req.method === 'GET') {
      const yaml = schematics.get(stored[1]);
      if (yaml === undefined) json(res, 404, { error: 'schematic not found' });
      else res.writeHead(200, { 'Content-Type': 'application/yaml' }).end(yaml);
      return;
    }
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
    schematics,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
