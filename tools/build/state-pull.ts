/**
 * Reading a stack's local state whichever engine wrote it: a plain state file is its own text; an
 * OpenTofu-encrypted one is decrypted by the engine itself (`state pull`, with the caller's
 * TF_ENCRYPTION), so no tool of ours ever handles the key.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isEncryptedStateEnvelope } from '../../stacks/local-state-recovery';
import { terraformBinary } from './engine';

/** Whether the file is an OpenTofu encrypted state envelope (false for plain, unreadable or non-JSON files). */
export function isEncryptedStateFile(file: string): boolean {
  try {
    return isEncryptedStateEnvelope(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return false;
  }
}

export type PulledState = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problem: string };

/** The decrypted state of the stack directory the file is in, as the engine prints it (compact JSON). */
export function pullLocalState(file: string, env: NodeJS.ProcessEnv): PulledState {
  const engine = terraformBinary(env);
  const res = spawnSync(engine, [`-chdir=${path.dirname(file)}`, 'state', 'pull'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  if (res.status === 0) return { ok: true, text: res.stdout };
  const why = res.error ? res.error.message : (res.stderr || '').trim().split('\n').slice(-3).join(' ');
  return { ok: false, problem: `${engine} state pull in ${path.dirname(file)} failed (exit ${res.status ?? res.signal}): ${why}` };
}
