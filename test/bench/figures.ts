/**
 * Every bench figure is printed with two ratios, so runs on different or busy machines compare:
 *   - to bare `node -e 0` measured in the same run on the same Node (how many Node starts it costs),
 *   - to the figure the README last recorded for it (REFERENCE_MS; above 1 is slower than then).
 */
import { spawnSync } from 'node:child_process';

/**
 * The README's figures (milliseconds) this bench compares with; update them with the README.
 * Keys name the figure; `@24`/`@20` mark Node-specific ones.
 */
export const REFERENCE_MS: Readonly<Record<string, number>> = {
  'handshake.talos@24': 58,
  'handshake.talos@20': 89,
  'handshake.capi@24': 56,
  'handshake.capi@20': 94,
  'plan200.talos_machine_secrets': 530,
  'configPlan.100': 670,
  'talos.secrets+50configs': 268,
  'proxmoxSynth.1': 26,
  'proxmoxSynth.10': 225,
  'proxmoxSynth.50': 886,
  'bringup.5.apply': 4000,
  'bringup.10.apply': 4900,
  'bringup.50.apply': 6900,
  'start.lab': 31000,
  'deploySize.3+2': 24600,
  'deploySize.3+7': 29500,
};

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Wall time of one `node -e 0` with the Node the launcher runs (PTC_NODE, else `node` on PATH). */
export function nodeStartMs(): number {
  const started = process.hrtime.bigint();
  const res = spawnSync(process.env.PTC_NODE || 'node', ['-e', '0'], { stdio: 'ignore' });
  if (res.status !== 0) throw new Error(`node -e 0 exited with ${res.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

let baselineMs: number | undefined;

/** The run's baseline: median of `runs` bare Node starts, measured once. */
export function nodeBaselineMs(runs = 20): number {
  if (baselineMs === undefined) baselineMs = median(Array.from({ length: runs }, nodeStartMs));
  return baselineMs;
}

const nodeMajor = () => process.versions.node.split('.')[0];

/** ` [N× node -e 0 (B ms); R× README's X ms]` for a time figure. */
export function ratios(key: string, ms: number, baseline = nodeBaselineMs()): string {
  const reference = REFERENCE_MS[`${key}@${nodeMajor()}`] ?? REFERENCE_MS[key];
  const toReadme = reference === undefined ? 'no README figure yet' : `${(ms / reference).toFixed(2)}× README's ${reference} ms`;
  return ` [${(ms / baseline).toFixed(1)}× node -e 0 (${baseline.toFixed(1)} ms); ${toReadme}]`;
}
