/**
 * CEL's matches() uses RE2 syntax (cel-go runs Go's regexp package). This translates the RE2
 * subset that JavaScript can run with the same meaning and refuses the rest, so a selector
 * never silently matches differently here than on the node:
 * - a leading flag group (?i), (?m), (?s) or a combination such as (?is) is supported; flags
 *   elsewhere, (?U) and flag groups with a colon are refused;
 * - `.` (without s) excludes only \n, ^ and $ (with m) see only \n as a line break, and \s is
 *   [\t\n\f\r ], as in Go; \A, \z, \Q…\E, \pL and [[:alpha:]] are rewritten for JavaScript;
 * - lookahead, lookbehind and backreferences do not exist in RE2 and are refused.
 */
import { CelError } from './syntax';

const SPACE = '\\t\\n\\f\\r ';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: SPACE + '\\v',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function refuse(pattern: string, why: string, at?: number): CelError {
  return new CelError(`matches: the regular expression ${JSON.stringify(pattern)} ${why}; selectors use RE2 syntax, as Talos does`, at);
}

const escapeLiteral = (s: string): string => s.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/** The JavaScript RegExp that matches what RE2 `pattern` matches; CelError for syntax RE2 or this translation lacks. */
export function re2ToRegExp(pattern: string, at?: number): RegExp {
  let i = 0;
  const flags = new Set<string>();
  const lead = /^\(\?([a-zA-Z]+)\)/.exec(pattern);
  if (lead) {
    for (const f of lead[1]) {
      if (!'ims'.includes(f)) throw refuse(pattern, `uses the flag ${f}, which is not supported (only i, m and s)`, at);
      flags.add(f);
    }
    i = lead[0].length;
  }
  const dotAll = flags.has('s');
  const multiline = flags.has('m');
  let out = '';
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === undefined) throw refuse(pattern, 'ends with a lone backslash', at);
      if (/[1-9]/.test(n)) throw refuse(pattern, `uses a backreference (\\${n}), which RE2 does not have`, at);
      if (n === 'k') throw refuse(pattern, 'uses a named backreference (\\k), which RE2 does not have', at);
      if (n === 'C') throw refuse(pattern, 'uses \\C (any byte), which is not supported', at);
      if (n === 's') out += inClass ? SPACE : `[${SPACE}]`;
      else if (n === 'S') {
        if (inClass) throw refuse(pattern, 'uses \\S inside a character class, which is not supported', at);
        out += `[^${SPACE}]`;
      } else if (n === 'A' && !inClass) out += '(?<![\\s\\S])';
      else if (n === 'z' && !inClass) out += '(?![\\s\\S])';
      else if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const text = pattern.slice(i + 2, end < 0 ? undefined : end);
        out += inClass ? text.replace(/[\\\]^-]/g, '\\$&') : escapeLiteral(text);
        i = end < 0 ? pattern.length : end + 2;
        continue;
      } else if ((n === 'p' || n === 'P') && /[A-Za-z]/.test(pattern[i + 2] ?? '')) {
        out += `\\${n}{${pattern[i + 2]}}`;
        i += 3;
        continue;
      } else out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      if (posix) {
        if (posix[1] || !POSIX[posix[2]]) throw refuse(pattern, `uses the character class [:${posix[1]}${posix[2]}:], which is not supported`, at);
        out += POSIX[posix[2]];
        i += posix[0].length;
        continue;
      }
      if (c === '[') out += '\\[';
      else {
        if (c === ']') inClass = false;
        out += c;
      }
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      const negated = pattern[i + 1] === '^';
      out += negated ? '[^' : '[';
      i += negated ? 2 : 1;
      // RE2 reads a ] right after [ or [^ as a literal.
      if (pattern[i] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2);
      if (/^(=|!|<=|<!)/.test(rest)) throw refuse(pattern, 'uses lookahead or lookbehind ((?=, (?!, (?<=, (?<!), which RE2 does not have', at);
      const named = /^P?(<[A-Za-z_][A-Za-z0-9_]*>)/.exec(rest);
      if (rest.startsWith(':')) {
        out += '(?:';
        i += 3;
      } else if (named) {
        // Go spells a named group (?P<name>…) or (?<name>…); JavaScript only the latter.
        out += '(?' + named[1];
        i += 2 + named[0].length;
      } else throw refuse(pattern, 'uses a flag group that is not at the start (only a leading (?i), (?m), (?s) is supported)', at);
      continue;
    }
    if (c === '.') out += dotAll ? '[\\s\\S]' : '[^\\n]';
    else if (c === '^' && multiline) out += '(?<![^\\n])';
    else if (c === '$' && multiline) out += '(?![^\\n])';
    else out += c;
    i++;
  }
  try {
    return new RegExp(out, flags.has('i') ? 'iu' : 'u');
  } catch (err) {
    throw refuse(pattern, `is not valid: ${(err as Error).message}`, at);
  }
}
