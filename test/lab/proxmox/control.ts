/**
 * Lab control API (not part of PVE), for tests that run the simulator as a separate process:
 *   POST   /_lab/faults     JSON fault (match.pathPattern = regex source instead of a RegExp) -> {id}
 *   DELETE /_lab/faults     clears all faults
 *   GET    /_lab/inventory  what is left in the cluster
 *   GET    /_lab/requests   the request log (method, path, route, params, status)
 * Same authentication as the API (token, or ticket + CSRF on writes).
 */
import type { Fault, FaultInjector } from './faults';
import type { ClusterInventory } from './simulator';
import type { RequestLogEntry } from './cluster';

export const CONTROL_PREFIX = '/_lab/';

export interface ControlTarget {
  readonly faults: FaultInjector;
  inventory(): ClusterInventory;
  requests(): readonly RequestLogEntry[];
}

export interface ControlAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Turns the JSON form of a fault into a Fault (path patterns become RegExps). */
export function faultFromJson(value: unknown): Fault {
  if (!value || typeof value !== 'object') throw new Error('body: expected a JSON fault object');
  const f = value as Record<string, unknown>;
  const match = f.match as Record<string, unknown> | undefined;
  if (match && typeof match.pathPattern === 'string') {
    const { pathPattern, ...rest } = match;
    return { ...f, match: { ...rest, path: new RegExp(pathPattern as string) } } as unknown as Fault;
  }
  return f as unknown as Fault;
}

export function handleControl(target: ControlTarget, method: string, path: string, body: string): ControlAnswer {
  const route = `${method} ${path.slice(CONTROL_PREFIX.length - 1)}`;
  try {
    switch (route) {
      case 'POST /faults': {
        const handle = target.faults.add(faultFromJson(JSON.parse(body || 'null')));
        return { status: 200, body: { data: { id: handle.id } } };
      }
      case 'DELETE /faults':
        target.faults.clear();
        return { status: 200, body: { data: null } };
      case 'GET /inventory':
        return { status: 200, body: { data: target.inventory() } };
      case 'GET /requests':
        return { status: 200, body: { data: target.requests() } };
      default:
        return { status: 501, body: { data: null, message: `Method '${route}' not implemented\n` } };
    }
  } catch (err) {
    return { status: 400, body: { data: null, message: `${(err as Error).message}\n` } };
  }
}
