/**
 * The lab's env file: `KEY='value'` lines a shell can source (`set -a; . .lab/env`) and
 * parseEnvFile reads back. Values are single-quoted so no shell expansion happens.
 */

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function renderEnvFile(vars: Readonly<Record<string, string>>): string {
  return Object.entries(vars)
    .map(([k, v]) => {
      if (!KEY.test(k)) throw new Error(`env file: '${k}' is not a valid variable name (letters, digits, _)`);
      if (v.includes('\n')) throw new Error(`env file: the value of ${k} spans lines; env files hold one line per variable`);
      return `${k}='${v.replace(/'/g, `'\\''`)}'`;
    })
    .join('\n')
    .concat('\n');
}

/** Inverse of renderEnvFile (also accepts unquoted values); blank lines and `#` comments are skipped. */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    if (!KEY.test(key)) throw new Error(`env file line ${i + 1}: expected KEY=value`);
    const value = line.slice(eq + 1);
    out[key] = value.startsWith("'") ? value.slice(1, -1).replace(/'\\''/g, "'") : value;
  });
  return out;
}
