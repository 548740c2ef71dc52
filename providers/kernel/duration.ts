/** Go time.Duration text: parsing (time.ParseDuration) and printing (Duration.String). */

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n,
  μs: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Nanoseconds, or undefined when the text is not a Go duration. */
export function parseGoDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  const re = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/u;
  while (s.length > 0) {
    const m = re.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
    const unit = UNITS[m[3]];
    const whole = BigInt(m[1] || '0') * unit;
    let frac = 0n;
    if (m[2]) {
      const digits = m[2];
      frac = (BigInt(digits) * unit) / 10n ** BigInt(digits.length);
    }
    total += whole + frac;
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}

/** Duration.String(): e.g. 8760h0m0s, 1m30s, 500ms, 0s. */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  let u = negative ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // Sub-second: the largest unit that keeps a non-zero integer part.
    const [unit, div] = u < 1_000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1_000n] : ['ms', 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    const sec = fraction(u, 1_000_000_000n) + 's';
    out = h > 0n ? `${h}h${m}m${sec}` : m > 0n ? `${m}m${sec}` : sec;
  }
  return negative ? `-${out}` : out;
}

function fraction(value: bigint, div: bigint): string {
  const whole = value / div;
  const rest = value % div;
  if (rest === 0n) return whole.toString();
  const width = div.toString().length - 1;
  return `${whole}.${rest.toString().padStart(width, '0').replace(/0+$/, '')}`;
}

/** Milliseconds of a Go duration, or undefined when the text is not one. */
export function parseDurationMs(text: string): number | undefined {
  const ns = parseGoDuration(text);
  return ns === undefined ? undefined : Number(ns) / 1_000_000;
}

/** Milliseconds as Go prints a duration (10m0s, 1.5s, 250ms), for messages users compare with their config. */
export function formatDurationMs(ms: number): string {
  return formatGoDuration(BigInt(Math.round(ms)) * 1_000_000n);
}

/**
 * Why `text` is not a usable duration setting, or undefined: Go syntax (30s, 10m, 1h30m) and at
 * least `minMs` (the smallest positive duration when 0), worded for an attribute validator.
 */
export function durationProblem(text: string, minMs = 0): string | undefined {
  const ns = parseGoDuration(text);
  if (ns === undefined) return `"${text}" is not a duration: use Go duration syntax such as 30s, 10m or 1h30m`;
  if (ns <= 0n) return `"${text}" must be longer than zero`;
  if (ns < BigInt(minMs) * 1_000_000n) return `"${text}" must be at least ${formatDurationMs(minMs)}`;
  return undefined;
}
