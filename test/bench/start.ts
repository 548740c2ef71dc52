/**
 * `npm start` end to end on a new lab (warm builds): the total and its breakdown by phase (builds,
 * lab up, cdktf start-up and synth, each stack's plan and apply), as npm start prints it when its
 * output is not a terminal. Refuses to run while a lab is up (it would be reused, not measured);
 * stops the lab it started.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from '../../tools/build/catalog';
import { down, labStatus } from '../lab/env/daemon';
import { labPaths } from '../lab/env/paths';
import { ratios } from './figures';

export async function benchStart(): Promise<void> {
  const paths = labPaths(REPO_ROOT);
  const status = labStatus(paths);
  if (status.running || status.starting) throw new Error('a lab is running in this checkout: stop it first (npm run lab -- down), then run this benchmark');
  const started = Date.now();
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/lab/start.ts')], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`npm start exited with ${code}:\n${text.slice(-3000)}`))));
  });
  const ms = Date.now() - started;
  try {
    const breakdown = output.slice(output.indexOf('Where the time went:')).trimEnd();
    console.log(`start: npm start on a new lab, warm: ${(ms / 1000).toFixed(1)} s${ratios('start.lab', ms)}\n${breakdown}`);
  } finally {
    await down(paths);
  }
}
