/**
 * Key ordering and JSON string quoting exactly as Go does it, so encoded bytes match what
 * Terraform (go-cty) itself writes: Go sorts strings by UTF-8 bytes, which equals code point
 * order, whereas JS `sort()` compares UTF-16 code units.
 */

/** Compares two strings by Unicode code point (= Go's byte-wise `sort.Strings`). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they sort after U+E000–FFFF.
    const sa = ca >= 0xd800 && ca <= 0xdfff;
    const sb = cb >= 0xd800 && cb <= 0xdfff;
    if (sa !== sb) return sa ? 1 : -1;
    return ca - cb;
  }
  return a.length - b.length;
}

/** Object keys sorted the way go-cty writes object attributes and map elements. */
export function sortedKeys(record: object): string[] {
  return Object.keys(record).sort(compareCodePoints);
}

const GO_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** A JSON string literal as Go's encoding/json writes it (HTML-safe escapes). */
export function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}

/** Sets an own property even for the key "__proto__" (plain assignment would change the prototype). */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}

/** Reads an own property only (so "constructor", "__proto__" etc. never leak from the prototype). */
export function getOwn<V>(record: Record<string, V>, key: string): V | undefined {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}
