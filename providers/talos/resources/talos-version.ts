/** `talos_version` inputs (`v1.13`, `1.13`, `v1.13.9`) as config contracts. */
import type { ContractVersion } from '../secrets';

const VERSION = /^v?(\d+)\.(\d+)(?:\.\d+(?:-[0-9A-Za-z.-]+)?)?$/;

export function parseTalosVersion(text: string): { contract?: ContractVersion; error?: string } {
  const m = VERSION.exec(text.trim());
  if (!m) return { error: `"${text}" is not a Talos version; use the form v1.13 (or v1.13.9)` };
  return { contract: { major: Number(m[1]), minor: Number(m[2]) } };
}

/** Negative when a < b, by contract (major.minor). */
export function compareContracts(a: string, b: string): number {
  const x = parseTalosVersion(a).contract;
  const y = parseTalosVersion(b).contract;
  if (!x || !y) return 0;
  return x.major - y.major || x.minor - y.minor;
}
