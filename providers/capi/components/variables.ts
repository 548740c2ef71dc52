/**
 * Variable substitution in components YAML, with the semantics clusterctl gets from drone/envsubst:
 * `${VAR}`, `${VAR=default}`, `${VAR:=default}`, `${VAR:-default}` (the default is used when the
 * value is unset or empty), `$$` for a literal `$`, whitespace tolerated in `${ VAR }`. A variable
 * is required when it has no value and its first occurrence has no (or an empty) default, as
 * clusterctl decides. Substitution runs on the raw text, before YAML parsing.
 */

export class TemplateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}

/** Variables without a value and without a default, per component. */
export class MissingVariablesError extends Error {
  constructor(
    readonly component: string,
    readonly missing: readonly string[],
  ) {
    super(
      `${component}: value for variables [${[...missing].sort().join(', ')}] is not set; give them in the variables attribute of capi_components` +
        ' (or the dedicated proxmox_url/proxmox_token/proxmox_secret attributes)',
    );
    this.name = 'MissingVariablesError';
  }
}

type Segment = { readonly kind: 'text'; readonly value: string } | VarSegment;

interface VarSegment {
  readonly kind: 'var';
  readonly name: string;
  /** Undefined for `${VAR}`; the operator otherwise. */
  readonly op: '=' | ':=' | ':-' | undefined;
  readonly defaultParts: readonly Segment[];
}

const IDENT = /[\p{L}\p{N}_]/u;

/** Parses template text into literal and variable segments. */
export function parseTemplate(text: string): Segment[] {
  const segments: Segment[] = [];
  let literal = '';
  let i = 0;
  while (i < text.length) {
    // Components YAML is mostly literal text: jump from one `$` to the next.
    const dollar = text.indexOf('$', i);
    if (dollar < 0) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, dollar);
    if (text[dollar + 1] === '$') {
      literal += '$';
      i = dollar + 2;
    } else if (text[dollar + 1] === '{') {
      if (literal) segments.push({ kind: 'text', value: literal });
      literal = '';
      const [seg, next] = parseVariable(text, dollar);
      segments.push(seg);
      i = next;
    } else {
      literal += '$';
      i = dollar + 1;
    }
  }
  if (literal) segments.push({ kind: 'text', value: literal });
  return segments;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function excerpt(text: string, start: number): string {
  const end = text.indexOf('}', start);
  return text.slice(start, end < 0 ? Math.min(text.length, start + 40) : end + 1);
}

/** Parses `${...}` starting at `start` (the `$`); returns the segment and the offset after `}`. */
function parseVariable(text: string, start: number): [VarSegment, number] {
  const fail = (why: string): never => {
    throw new TemplateError(`line ${lineOf(text, start)}: ${why} in ${JSON.stringify(excerpt(text, start))}`);
  };
  let i = start + 2;
  const skipSpace = () => {
    while (i < text.length && /[ \t]/.test(text[i])) i++;
  };
  skipSpace();
  const nameStart = i;
  while (i < text.length && IDENT.test(text[i])) i++;
  const name = text.slice(nameStart, i);
  if (!name) fail('expected a variable name');
  const spaced = i > nameStart && /[ \t]/.test(text[i] ?? '');
  skipSpace();
  if (text[i] === '}') return [{ kind: 'var', name, op: undefined, defaultParts: [] }, i + 1];
  if (spaced) fail('unexpected text after the variable name');
  let op: VarSegment['op'];
  if (text.startsWith(':=', i)) op = ':=';
  else if (text.startsWith(':-', i)) op = ':-';
  else if (text[i] === '=') op = '=';
  else fail('unsupported expression (only ${VAR}, ${VAR=default}, ${VAR:=default} and ${VAR:-default} are supported)');
  i += op!.length;
  // The default runs to the matching `}`; it may contain nested ${...} and the escapes $$, \\ and \/.
  const parts: Segment[] = [];
  let literal = '';
  while (i < text.length && text[i] !== '}') {
    const c = text[i];
    if (c === '$' && text[i + 1] === '{') {
      if (literal) parts.push({ kind: 'text', value: literal });
      literal = '';
      const [nested, next] = parseVariable(text, i);
      parts.push(nested);
      i = next;
    } else if ((c === '$' && text[i + 1] === '$') || (c === '\\' && (text[i + 1] === '\\' || text[i + 1] === '/'))) {
      literal += text[i + 1];
      i += 2;
    } else {
      literal += c;
      i++;
    }
  }
  if (i >= text.length) fail('missing closing brace');
  if (literal) parts.push({ kind: 'text', value: literal });
  return [{ kind: 'var', name, op, defaultParts: parts }, i + 1];
}

/** The default as clusterctl records it: literal text, nested variables written as ${NAME}. */
function defaultText(parts: readonly Segment[]): string {
  return parts.map((p) => (p.kind === 'text' ? p.value : `\${${p.name}}`)).join('');
}

export interface TemplateVariable {
  readonly name: string;
  /** Default of the first occurrence ('' when none). */
  readonly default: string;
  /** True when the variable needs a value (no default, or an empty one). */
  readonly required: boolean;
}

/** Top-level variables of parsed segments, in first-appearance order (nested defaults are not counted, as in clusterctl). */
function variablesOf(segments: readonly Segment[]): TemplateVariable[] {
  const seen = new Map<string, TemplateVariable>();
  for (const seg of segments) {
    if (seg.kind !== 'var' || seen.has(seg.name)) continue;
    const dflt = defaultText(seg.defaultParts);
    seen.set(seg.name, { name: seg.name, default: dflt, required: dflt === '' });
  }
  return [...seen.values()];
}

/** Top-level variables of a template, in first-appearance order (nested defaults are not counted, as in clusterctl). */
export function templateVariables(text: string): TemplateVariable[] {
  return variablesOf(parseTemplate(text));
}

function evaluate(segments: readonly Segment[], values: ReadonlyMap<string, string>): string {
  const out: string[] = [];
  for (const seg of segments) {
    if (seg.kind === 'text') out.push(seg.value);
    else {
      const value = values.get(seg.name) ?? '';
      out.push(value === '' ? evaluate(seg.defaultParts, values) : value);
    }
  }
  return out.join('');
}

/**
 * Substitutes `values` into `text`. Throws MissingVariablesError (naming `component`) when a
 * required variable is not given. As in clusterctl, a given empty value satisfies a required
 * variable, and selects the default of a variable that has one.
 */
export function substituteVariables(text: string, values: ReadonlyMap<string, string>, component: string): string {
  let segments: Segment[];
  try {
    segments = parseTemplate(text);
  } catch (err) {
    if (err instanceof TemplateError) throw new TemplateError(`${component}: ${err.message}`);
    throw err;
  }
  const missing = variablesOf(segments)
    .filter((v) => v.required && !values.has(v.name))
    .map((v) => v.name);
  if (missing.length > 0) throw new MissingVariablesError(component, missing);
  return evaluate(segments, values);
}
