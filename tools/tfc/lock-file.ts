/**
 * Reads and writes Terraform's dependency lock file (`.terraform.lock.hcl`). Terraform writes it
 * in one regular shape (provider blocks with version, constraints and hashes), which is all this
 * handles; anything else is refused rather than silently dropped.
 */

export interface ProviderLock {
  /** Full provider address, e.g. `ptc.internal/ptc/talos`. */
  readonly address: string;
  readonly version: string;
  readonly constraints?: string;
  readonly hashes: readonly string[];
}

const HEADER = '# This file is maintained automatically by "terraform init".\n# Manual edits may be lost in future updates.\n';
const BLOCK = /provider\s+"([^"]+)"\s*\{([\s\S]*?)\n\}/g;

function attribute(body: string, name: string): string | undefined {
  const m = new RegExp(`^\\s*${name}\\s*=\\s*"([^"]*)"\\s*$`, 'm').exec(body);
  return m?.[1];
}

export function parseLockFile(text: string, source = '.terraform.lock.hcl'): ProviderLock[] {
  const out: ProviderLock[] = [];
  let rest = text;
  for (const m of text.matchAll(BLOCK)) {
    const [block, address, body] = m;
    rest = rest.replace(block, '');
    const version = attribute(body, 'version');
    if (!version) throw new Error(`${source}: provider "${address}" has no version; run terraform init to regenerate the lock file`);
    const hashesMatch = /^\s*hashes\s*=\s*\[([\s\S]*?)\]\s*$/m.exec(body);
    const hashes = hashesMatch ? [...hashesMatch[1].matchAll(/"([^"]+)"/g)].map((h) => h[1]) : [];
    const known = body
      .replace(/^\s*(version|constraints)\s*=\s*"[^"]*"\s*$/gm, '')
      .replace(/^\s*hashes\s*=\s*\[[\s\S]*?\]\s*$/m, '')
      .trim();
    if (known) throw new Error(`${source}: provider "${address}" has content this tool does not know (${known.split('\n')[0]}); regenerate with terraform init`);
    out.push({ address, version, constraints: attribute(body, 'constraints'), hashes });
  }
  const leftover = rest.replace(/^\s*#.*$/gm, '').trim();
  if (leftover) throw new Error(`${source}: unexpected content outside provider blocks (${leftover.split('\n')[0]}); regenerate with terraform init`);
  return out;
}

/** Terraform's own layout: providers and hashes sorted, `=` aligned within a block. */
export function formatLockFile(locks: readonly ProviderLock[]): string {
  const blocks = [...locks]
    .sort((a, b) => a.address.localeCompare(b.address))
    .map((l) => {
      const lines = [`provider "${l.address}" {`];
      if (l.constraints !== undefined) lines.push(`  version     = "${l.version}"`, `  constraints = "${l.constraints}"`);
      else lines.push(`  version = "${l.version}"`);
      lines.push('  hashes = [', ...[...new Set(l.hashes)].sort().map((h) => `    "${h}",`), '  ]', '}');
      return lines.join('\n');
    });
  return `${HEADER}\n${blocks.join('\n\n')}\n`;
}

/**
 * Adds `hashes` to the provider's entry. An entry for another version is replaced (its hashes
 * would never match this version's package); other providers are left as they are.
 */
export function withProviderHashes(locks: readonly ProviderLock[], entry: ProviderLock): ProviderLock[] {
  const existing = locks.find((l) => l.address === entry.address);
  const merged: ProviderLock = {
    address: entry.address,
    version: entry.version,
    constraints: entry.constraints ?? existing?.constraints,
    hashes: [...new Set([...(existing && existing.version === entry.version ? existing.hashes : []), ...entry.hashes])].sort(),
  };
  return [...locks.filter((l) => l.address !== entry.address), merged];
}
