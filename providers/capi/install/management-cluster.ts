/**
 * A connection to the management cluster as the installer uses it: the REST client, discovery,
 * the field manager every write uses, and where progress goes.
 */
import { KubeClient, ResourceMapper, type ClusterAccess, type KubeClientOptions } from '../kube';

/** Server-side apply field manager of everything this provider writes; also how we recognise our objects. */
export const FIELD_MANAGER = 'ptc-capi';

export class ManagementCluster {
  readonly mapper: ResourceMapper;

  constructor(readonly client: KubeClient) {
    this.mapper = new ResourceMapper(client);
  }

  static connect(access: ClusterAccess, options: KubeClientOptions = {}): ManagementCluster {
    return new ManagementCluster(new KubeClient(access, { userAgent: 'ptc-capi', ...options }));
  }

  get server(): string {
    return this.client.server;
  }

  close(): void {
    this.client.close();
  }
}

/** Receives progress lines (the provider sends them to its log on stderr). */
export type Progress = (message: string, fields?: Record<string, unknown>) => void;
