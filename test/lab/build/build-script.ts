/**
 * Runs one of the lab's build.sh scripts (a no-op taking a moment when its pinned outputs are
 * cached) and returns the path its last machine-readable stdout line names (`<VAR>=<path>`).
 * Progress goes to this process's stderr so a long cold build is visible. Concurrent callers in
 * one process share one run (see `once`); each build.sh serialises across processes itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export function runBuildScript(script: string, variable: string): Promise<string> {
  const line = new RegExp(`^${variable}=(.+)$`, 'm');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.once('error', (err) => reject(new Error(`could not run ${script}: ${err.message}`)));
    child.once('close', (code) => {
      const match = line.exec(stdout);
      if (code !== 0 || !match) {
        reject(new Error(`${script} failed (exit ${String(code)}); its messages are above. Output:\n${stdout}`));
        return;
      }
      resolve(match[1].trim());
    });
  });
}

/** The paths a build reported, checked to exist: a clear error names what is missing. */
export function checkBuiltPaths<T extends { readonly dir: string }>(script: string, outputs: T): T {
  const missing = Object.entries(outputs).filter(([key, path]) => key !== 'dir' && typeof path === 'string' && !existsSync(path));
  if (missing.length > 0) throw new Error(`${script} reported ${outputs.dir} but it lacks ${missing.map(([, p]) => String(p)).join(', ')}`);
  return outputs;
}

/** One shared run per process; a failed run is forgotten so the next call retries. */
export function once<T>(run: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= run().catch((err: unknown) => {
      pending = undefined;
      throw err;
    });
    return pending;
  };
}
