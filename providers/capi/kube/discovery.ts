/**
 * API discovery: maps apiVersion + kind to the REST resource (plural name, scope) and lists every
 * resource type that can be listed and deleted. Results are cached per group-version and
 * refreshed when a kind is missing (e.g. right after its CRD became Established).
 */
import type { KubeClient } from './client';
import { groupOf } from './objects';

export interface ApiResource {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  readonly plural: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
}

interface ApiResourceList {
  groupVersion: string;
  resources: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

interface ApiGroupList {
  groups: Array<{ name: string; preferredVersion?: { groupVersion: string; version: string }; versions: Array<{ groupVersion: string; version: string }> }>;
}

export class UnknownKindError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
    server: string,
  ) {
    super(`the API server at ${server} does not serve ${kind} in ${apiVersion} (is its CustomResourceDefinition installed and Established?)`);
    this.name = 'UnknownKindError';
  }
}

function groupVersionPath(apiVersion: string): string {
  return groupOf(apiVersion) === '' ? `/api/${apiVersion}` : `/apis/${apiVersion}`;
}

export class ResourceMapper {
  private readonly cache = new Map<string, ApiResource[]>();

  constructor(private readonly client: KubeClient) {}

  private async fetchGroupVersion(apiVersion: string, signal?: AbortSignal): Promise<ApiResource[]> {
    const list = await this.client.getOptional<ApiResourceList>(groupVersionPath(apiVersion), signal);
    const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : apiVersion;
    const resources = (list?.resources ?? [])
      .filter((r) => !r.name.includes('/'))
      .map((r) => ({ group: groupOf(apiVersion), version, kind: r.kind, plural: r.name, namespaced: r.namespaced, verbs: r.verbs ?? [] }));
    this.cache.set(apiVersion, resources);
    return resources;
  }

  /** The resource serving `kind` in `apiVersion`; refetches once before giving up. */
  async resolve(apiVersion: string, kind: string, signal?: AbortSignal): Promise<ApiResource> {
    const cached = this.cache.get(apiVersion)?.find((r) => r.kind === kind);
    if (cached) return cached;
    const fresh = (await this.fetchGroupVersion(apiVersion, signal)).find((r) => r.kind === kind);
    if (!fresh) throw new UnknownKindError(apiVersion, kind, this.client.server);
    return fresh;
  }

  /** Drops cached answers (after CRDs were added or removed). */
  invalidate(): void {
    this.cache.clear();
  }

  /** Every resource type (preferred version of each group) that supports list and delete. */
  async listable(signal?: AbortSignal): Promise<ApiResource[]> {
    const groups = await this.client.get<ApiGroupList>('/apis', signal);
    const versions = ['v1', ...groups.groups.map((g) => (g.preferredVersion ?? g.versions[0]).groupVersion)];
    const out: ApiResource[] = [];
    for (const gv of versions) {
      for (const r of await this.fetchGroupVersion(gv, signal)) if (r.verbs.includes('list') && r.verbs.includes('delete')) out.push(r);
    }
    return out;
  }
}

/** URL of a collection or of one object of `resource`. */
export function resourcePath(resource: ApiResource, opts: { namespace?: string; name?: string } = {}): string {
  const gv = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const ns = resource.namespaced && opts.namespace ? `/namespaces/${encodeURIComponent(opts.namespace)}` : '';
  const name = opts.name ? `/${encodeURIComponent(opts.name)}` : '';
  return `${gv}${ns}/${resource.plural}${name}`;
}
