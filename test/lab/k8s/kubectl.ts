/**
 * Runs the kubectl on PATH against a lab cluster with an explicit kubeconfig, isolated from the
 * caller's own kubeconfig and kubectl cache.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface KubectlResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface KubectlOptions {
  /** Text for stdin (e.g. manifests for `apply -f -`). */
  readonly input?: string;
  /** Default 60 s; kubectl is killed after it. */
  readonly timeoutMs?: number;
}

/** Runs `kubectl --kubeconfig <kubeconfigPath> <args>`; resolves with its exit code and output. */
export function runKubectl(kubeconfigPath: string, args: readonly string[], options: KubectlOptions = {}): Promise<KubectlResult> {
  const home = mkdtempSync(join(tmpdir(), 'ptc-kubectl-'));
  return new Promise<KubectlResult>((resolve, reject) => {
    const child = spawn('kubectl', ['--kubeconfig', kubeconfigPath, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECACHEDIR: join(home, 'cache') },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', (err) => reject(new Error(`could not run kubectl (is it on PATH?): ${err.message}`)));
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  }).finally(() => rmSync(home, { recursive: true, force: true }));
}

/** Like runKubectl, but throws (with kubectl's stderr) unless it exits 0; resolves with stdout. */
export async function kubectl(kubeconfigPath: string, args: readonly string[], options: KubectlOptions = {}): Promise<string> {
  const res = await runKubectl(kubeconfigPath, args, options);
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${String(res.code)}: ${res.stderr.trim()}`);
  return res.stdout;
}

/**
 * Waits until the named CRDs are Established. `kubectl wait` fails at once (".status.conditions
 * accessor error") when a CRD was created a moment ago and has no conditions yet, so this retries
 * that case until the deadline.
 */
export async function waitForCrdsEstablished(kubeconfigPath: string, crdNames: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = Math.max(1, Math.ceil((deadline - Date.now()) / 1000));
    const res = await runKubectl(kubeconfigPath, ['wait', '--for=condition=Established', `--timeout=${left}s`, ...crdNames.map((n) => `customresourcedefinition/${n}`)], {
      timeoutMs: left * 1000 + 10_000,
    });
    if (res.code === 0) return;
    if (!/accessor error|not found/.test(res.stderr) || Date.now() >= deadline) {
      throw new Error(`CRDs not Established within ${timeoutMs} ms: ${res.stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
