/**
 * Just enough of the Kubernetes API for the health check: list the Nodes with the admin
 * kubeconfig's client certificate, verifying the API server against the kubeconfig's CA.
 */
import * as https from 'node:https';
import type { KubeNodeObservation } from './health-checks';
import type { KubernetesClientConfigurationValue } from '../../machinery/clientconfig/kubeconfig';

interface NodeList {
  items?: {
    metadata?: { name?: string };
    status?: { conditions?: { type?: string; status?: string }[]; addresses?: { type?: string; address?: string }[] };
  }[];
}

const b64 = (value: string): string => Buffer.from(value, 'base64').toString('utf8');

export function toObservations(list: NodeList): KubeNodeObservation[] {
  return (list.items ?? []).map((item) => ({
    name: item.metadata?.name ?? '',
    ready: item.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    internalIPs: (item.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' && a.address).map((a) => a.address as string),
  }));
}

/** GET /api/v1/nodes; rejects with a message naming the server (never the credentials). */
export function listKubernetesNodes(client: KubernetesClientConfigurationValue, timeoutMs: number, signal?: AbortSignal): Promise<KubeNodeObservation[]> {
  return new Promise((resolve, reject) => {
    let url: URL;
    try {
      url = new URL('/api/v1/nodes', client.host);
    } catch {
      reject(new Error(`kubeconfig server ${client.host} is not a URL`));
      return;
    }
    const req = https.request(
      url,
      {
        method: 'GET',
        ca: b64(client.ca_certificate),
        cert: b64(client.client_certificate),
        key: b64(client.client_key),
        headers: { accept: 'application/json' },
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200) {
            reject(new Error(`API ${client.host} answered ${res.statusCode} to GET /api/v1/nodes: ${body.slice(0, 200).trim()}`));
            return;
          }
          try {
            resolve(toObservations(JSON.parse(body) as NodeList));
          } catch (err) {
            reject(new Error(`API ${client.host} sent an unreadable node list: ${(err as Error).message}`));
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new Error(`API ${client.host} not answering: ${err.message}`)));
    req.end();
  });
}
