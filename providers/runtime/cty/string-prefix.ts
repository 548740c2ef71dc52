/**
 * Bounding string-prefix refinements the way go-cty's encoder does: prefixes longer than 256
 * UTF-8 bytes are cut (so the refinement blob stays far below the decoder's 1 KiB limit) and
 * then trimmed to a prefix that stays valid whatever text follows it (ctystrings.SafeKnownPrefix).
 * A shorter prefix is always a weaker, still-true claim, so trimming more than Go does is safe.
 */

const MAX_PREFIX_BYTES = 256;
const utf8 = new TextEncoder();
// Single characters after which no following code point can join the same grapheme cluster
// (go-cty's sequenceMustEndGraphemeCluster list).
const CLUSTER_ENDERS = new Set(Array.from('-_:;/\\,.(){}[]|?!~ \t@#$%^&*+"\''));
// Made on first use: building a segmenter loads ICU data, which every provider start would pay.
let graphemes: Intl.Segmenter | undefined;

function cutToBytes(s: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of s) {
    const n = utf8.encode(ch).length;
    if (bytes + n > maxBytes) break;
    bytes += n;
    end += ch.length;
  }
  return s.slice(0, end);
}

/** Drops a trailing grapheme cluster that more text could still extend (e.g. a letter before a combining mark). */
export function safeKnownPrefix(prefix: string): string {
  const normalised = prefix.normalize('NFC');
  const clusters = Array.from((graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(normalised), (g) => g.segment);
  const last = clusters[clusters.length - 1];
  if (last === undefined || CLUSTER_ENDERS.has(last)) return normalised;
  return normalised.slice(0, normalised.length - last.length);
}

/** The prefix go-cty would put on the wire for an unknown string refined with `prefix`. */
export function wirePrefix(prefix: string): string {
  if (utf8.encode(prefix).length <= MAX_PREFIX_BYTES) return prefix;
  return safeKnownPrefix(cutToBytes(prefix, MAX_PREFIX_BYTES - 1));
}
