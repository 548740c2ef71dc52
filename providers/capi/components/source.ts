/**
 * Where release files come from, as clusterctl finds them: a local overrides directory in
 * clusterctl's layout (`<dir>/<provider-label>/<version>/<file>`) wins when the file is there;
 * otherwise the GitHub release asset `<base>/<owner>/<repo>/releases/download/<version>/<file>`.
 * Errors name the component, the URL and the override path that was looked for.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEFAULT_REPOSITORY_BASE_URL = 'https://github.com';

export class ComponentFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComponentFetchError';
  }
}

export interface ReleaseFile {
  /** Manifest label (or cert-manager): the overrides folder name and the name used in messages. */
  readonly component: string;
  /** GitHub owner/repo. */
  readonly repository: string;
  readonly version: string;
  readonly file: string;
}

export interface SourceOptions {
  readonly overridesDir?: string;
  /** Default https://github.com. */
  readonly repositoryBaseUrl?: string;
  readonly signal?: AbortSignal;
  /** Per-download timeout; default 60 s. */
  readonly timeoutMs?: number;
}

export interface FetchedFile {
  readonly text: string;
  /** The path or URL it was read from. */
  readonly origin: string;
}

export function releaseUrl(f: ReleaseFile, base = DEFAULT_REPOSITORY_BASE_URL): string {
  return `${base.replace(/\/+$/, '')}/${f.repository}/releases/download/${encodeURIComponent(f.version)}/${encodeURIComponent(f.file)}`;
}

export function overridePath(f: ReleaseFile, overridesDir: string): string {
  return path.join(overridesDir, f.component, f.version, f.file);
}

// Release assets never change once published; one process may read them several times (plan hooks).
const downloaded = new Map<string, string>();

async function download(url: string, f: ReleaseFile, opts: SourceOptions, lookedAt: string | undefined): Promise<string> {
  const cached = downloaded.get(url);
  if (cached !== undefined) return cached;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(opts.signal ? [opts.signal] : [])];
  const where = `${f.component} ${f.version}: ${f.file}`;
  const alsoLocal = lookedAt ? ` (no override at ${lookedAt})` : '';
  let res: Response;
  try {
    res = await fetch(url, { redirect: 'follow', signal: AbortSignal.any(signals) });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : (cause?.code ?? cause?.message ?? (err as Error).message);
    throw new ComponentFetchError(`${where}: cannot download ${url}: ${why}${alsoLocal}; without internet access, put the file in the overrides directory`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    const hint = res.status === 404 ? `; check that release ${f.version} of ${f.repository} exists and publishes ${f.file}` : '';
    throw new ComponentFetchError(`${where}: ${url} answered HTTP ${res.status} ${res.statusText}${hint}${alsoLocal}`);
  }
  const text = await res.text();
  downloaded.set(url, text);
  return text;
}

/** Reads one release file from the overrides directory or downloads it. */
export async function readReleaseFile(f: ReleaseFile, opts: SourceOptions = {}): Promise<FetchedFile> {
  let lookedAt: string | undefined;
  if (opts.overridesDir) {
    lookedAt = overridePath(f, opts.overridesDir);
    try {
      return { text: fs.readFileSync(lookedAt, 'utf8'), origin: lookedAt };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new ComponentFetchError(`${f.component} ${f.version}: cannot read ${lookedAt}: ${code ?? (err as Error).message}`);
    }
  }
  const url = releaseUrl(f, opts.repositoryBaseUrl);
  return { text: await download(url, f, opts, lookedAt), origin: url };
}
