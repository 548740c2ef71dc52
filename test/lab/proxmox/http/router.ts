/**
 * Route table: PVE path templates (`/nodes/{node}/qemu/{vmid}/config`) with their parameter
 * declarations. Matching follows PVE::RESTHandler: one segment per `{param}`, except a trailing
 * `{volume}` of storage content, which takes the rest of the path (volume IDs contain `/`).
 */
import type { UploadedFile } from './multipart';
import type { ParamSchemas, Params } from '../schema/types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** What a handler returns: plain data, or data with PVE's extra result attributes. */
export interface ApiResult {
  readonly data: unknown;
  readonly total?: number;
  readonly changes?: string;
}

export function result(data: unknown, extra: { total?: number; changes?: string } = {}): ApiResult {
  return { data, ...extra };
}

export interface RouteContext<S> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: Params;
  /** `root@pam` or `root@pam!token`; empty for unauthenticated endpoints. */
  readonly userid: string;
  readonly via: 'token' | 'ticket' | 'none';
  readonly sim: S;
  /** The uploaded file, on routes that take one (`upload`). */
  readonly file?: UploadedFile;
}

export interface RouteDef<S> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly params: ParamSchemas;
  /** PVE's `allowtoken` (default true). */
  readonly allowToken?: boolean;
  /** PVE's `proxyto => 'node'`: the node must be a cluster member before anything else happens. */
  readonly proxyToNode?: boolean;
  /** Takes a multipart file upload (pveproxy accepts one only for the upload method). */
  readonly upload?: boolean;
  readonly handler: (ctx: RouteContext<S>) => ApiResult | unknown | Promise<ApiResult | unknown>;
}

export interface RouteMatch<S> {
  readonly route: RouteDef<S>;
  readonly pathParams: Record<string, string>;
}

const REST_PARAM_ROUTES = new Set(['/nodes/{node}/storage/{storage}/content/{volume}']);

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

export class Router<S> {
  private readonly routes: RouteDef<S>[] = [];

  add(route: RouteDef<S>): void {
    if (this.routes.some((r) => r.method === route.method && r.path === route.path)) throw new Error(`duplicate route ${route.method} ${route.path}`);
    this.routes.push(route);
  }

  all(): readonly RouteDef<S>[] {
    return this.routes;
  }

  /** Returns the match, or `pathExists` to distinguish PVE's 501 cases (both answer 501 anyway). */
  match(method: string, path: string): RouteMatch<S> | undefined {
    const parts = segments(path);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchTemplate(route.path, parts);
      if (params) return { route, pathParams: params };
    }
    return undefined;
  }
}

function matchTemplate(template: string, parts: readonly string[]): Record<string, string> | undefined {
  const tpl = segments(template);
  const rest = REST_PARAM_ROUTES.has(template);
  if (rest ? parts.length < tpl.length : parts.length !== tpl.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < tpl.length; i++) {
    const t = tpl[i];
    const m = /^\{(.+)\}$/.exec(t);
    if (m) {
      params[m[1]] = rest && i === tpl.length - 1 ? parts.slice(i).join('/') : parts[i];
    } else if (t !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
