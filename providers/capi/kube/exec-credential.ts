/**
 * Exec credential plugins (client.authentication.k8s.io): runs the kubeconfig's command and reads
 * the ExecCredential it prints. Credentials are cached until shortly before they expire.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { ExecConfig } from './kubeconfig';

export interface ExecCredential {
  readonly token?: string;
  readonly certPem?: string;
  readonly keyPem?: string;
  /** When the plugin said the credential expires; undefined means "until rejected". */
  readonly expiresAt?: number;
}

export class ExecCredentialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecCredentialError';
  }
}

const EXEC_TIMEOUT_MS = 60_000;

/** Parses the JSON an exec plugin printed. */
export function parseExecCredential(stdout: string, expectedApiVersion: string, command: string): ExecCredential {
  let doc: { apiVersion?: unknown; kind?: unknown; status?: Record<string, unknown> };
  try {
    doc = JSON.parse(stdout) as typeof doc;
  } catch {
    throw new ExecCredentialError(`exec credential plugin ${command} did not print JSON`);
  }
  if (doc.kind !== 'ExecCredential') throw new ExecCredentialError(`exec credential plugin ${command} printed kind ${String(doc.kind)}, expected ExecCredential`);
  if (doc.apiVersion !== expectedApiVersion) {
    throw new ExecCredentialError(`exec credential plugin ${command} answered ${String(doc.apiVersion)}, the kubeconfig asked for ${expectedApiVersion}`);
  }
  const status = doc.status ?? {};
  const token = typeof status.token === 'string' && status.token ? status.token : undefined;
  const certPem = typeof status.clientCertificateData === 'string' ? status.clientCertificateData : undefined;
  const keyPem = typeof status.clientKeyData === 'string' ? status.clientKeyData : undefined;
  if (!token && !(certPem && keyPem)) throw new ExecCredentialError(`exec credential plugin ${command} returned neither a token nor a client certificate and key`);
  const expiry = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : NaN;
  return { token, certPem, keyPem, expiresAt: Number.isNaN(expiry) ? undefined : expiry };
}

/** Runs an exec plugin once. */
export function runExecPlugin(exec: ExecConfig, cluster: { server: string; caPem?: string }): Promise<ExecCredential> {
  const command = exec.command.includes('/') && !path.isAbsolute(exec.command) && exec.baseDir ? path.resolve(exec.baseDir, exec.command) : exec.command;
  const info = {
    apiVersion: exec.apiVersion,
    kind: 'ExecCredential',
    spec: {
      interactive: false,
      ...(exec.provideClusterInfo ? { cluster: { server: cluster.server, ...(cluster.caPem ? { 'certificate-authority-data': Buffer.from(cluster.caPem).toString('base64') } : {}) } } : {}),
    },
  };
  const env: NodeJS.ProcessEnv = { ...process.env, KUBERNETES_EXEC_INFO: JSON.stringify(info) };
  for (const e of exec.env) env[e.name] = e.value;
  return new Promise((resolve, reject) => {
    const child = spawn(command, exec.args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new ExecCredentialError(`exec credential plugin ${exec.command} did not finish within ${EXEC_TIMEOUT_MS / 1000} s`));
    }, EXEC_TIMEOUT_MS);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new ExecCredentialError(`cannot run exec credential plugin ${exec.command}: ${e.message}`));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) {
        reject(new ExecCredentialError(`exec credential plugin ${exec.command} exited with ${String(code)}: ${err.trim().split('\n').slice(-3).join(' ')}`));
        return;
      }
      try {
        resolve(parseExecCredential(out, exec.apiVersion, exec.command));
      } catch (e) {
        reject(e as Error);
      }
    });
  });
}

/** Caches one plugin's credential until a minute before it expires. */
export class ExecCredentialCache {
  private current: ExecCredential | undefined;
  private pending: Promise<ExecCredential> | undefined;

  constructor(
    private readonly exec: ExecConfig,
    private readonly cluster: { server: string; caPem?: string },
    private readonly run: typeof runExecPlugin = runExecPlugin,
  ) {}

  async get(now = Date.now()): Promise<ExecCredential> {
    if (this.current && (this.current.expiresAt === undefined || this.current.expiresAt - 60_000 > now)) return this.current;
    this.pending ??= this.run(this.exec, this.cluster).finally(() => (this.pending = undefined));
    this.current = await this.pending;
    return this.current;
  }

  /** Forgets the credential (after the server rejected it). */
  invalidate(): void {
    this.current = undefined;
  }
}
