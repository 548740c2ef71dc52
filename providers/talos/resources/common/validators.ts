/** Attribute validators and plan-time helpers shared by the Talos API resources. */
import { isWhollyKnown, type CtyValue } from '../../../runtime/cty';
import { parseEndpoint } from '../../api/endpoint';

export function nonEmpty(value: string): string | undefined {
  return value.trim() === '' ? 'must not be empty' : undefined;
}

export function oneOf(values: readonly string[]) {
  return (value: string): string | undefined => (values.includes(value) ? undefined : `must be one of ${values.join(', ')}; got "${value}"`);
}

/** A Talos API endpoint: host, host:port, [v6]:port or https://host:port. */
export function endpointProblem(value: string): string | undefined {
  try {
    parseEndpoint(value);
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

export function nonEmptyList(values: string[]): string | undefined {
  if (values.length === 0) return 'must list at least one address';
  const blank = values.findIndex((v) => v.trim() === '');
  return blank >= 0 ? `element ${blank} is empty` : undefined;
}

/** True when a planned value (possibly a list or object) holds no unknowns. */
export function isKnown(value: unknown): boolean {
  return isWhollyKnown(value as CtyValue);
}
