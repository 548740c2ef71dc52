/** Attribute paths into cty values and the error that carries one. */

/** One step: object attribute, map key, or list/tuple/set element index (set elements have no stable index). */
export type CtyPathStep = { readonly attr: string } | { readonly key: string } | { readonly index: number };
export type CtyPath = readonly CtyPathStep[];

/** Renders a path like `spec.nodes[0].labels["app"]`; the empty path is `(root)`. */
export function formatPath(path: CtyPath): string {
  if (path.length === 0) return '(root)';
  let out = '';
  for (const step of path) {
    if ('attr' in step) out += /^[A-Za-z_][A-Za-z0-9_-]*$/.test(step.attr) ? `${out ? '.' : ''}${step.attr}` : `[${JSON.stringify(step.attr)}]`;
    else if ('key' in step) out += `[${JSON.stringify(step.key)}]`;
    else out += `[${step.index}]`;
  }
  return out;
}

/**
 * A value does not fit its type (conform, encoders) or wire data does not decode as the type.
 * `reason` is the message without the path, for diagnostics that carry the path separately.
 */
export class CtyTypeError extends Error {
  constructor(
    readonly path: CtyPath,
    readonly reason: string,
  ) {
    super(path.length === 0 ? reason : `${formatPath(path)}: ${reason}`);
    this.name = 'CtyTypeError';
  }
}
