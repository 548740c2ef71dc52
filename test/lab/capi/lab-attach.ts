/**
 * Wiring of the real managers into a long-running lab (`lab up`, unless PTC_LAB_CAPI=0): the
 * egress proxy must exist before the management API server starts (its flags name it), and the
 * managers can only start once the product has installed the components, so a small loop waits
 * for the five Deployments and then starts them (and retries while a start fails).
 */
import { join } from 'node:path';
import type { LabCluster } from '../k8s/cluster';
import type { CaPem } from '../k8s/lab-pki';
import { startLabCapiControllers, type LabCapiControllers } from './controllers';
import { LAB_CAPI_MANAGERS } from './managers';
import { startWebhookEgress } from './webhook-egress';

export const ENV_LAB_CAPI = 'PTC_LAB_CAPI';

export interface LabCapiAttachment {
  /** Options for the management cluster's startLabCluster: webhooks on, egress through the lab proxy. */
  readonly clusterOptions: { readonly disableAdmissionWebhooks: false; readonly extraApiServerArgs: readonly string[] };
  /** Starts the managers (in the background) once the components are installed on `cluster`. */
  attach(cluster: LabCluster, log: (line: string) => void): void;
  readonly controllers: () => LabCapiControllers | undefined;
  stop(): Promise<void>;
}

/** The lab runs the real managers unless the environment says PTC_LAB_CAPI=0. */
export function labCapiRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const raw = env[ENV_LAB_CAPI];
  if (raw === undefined || raw === '' || raw === '1') return true;
  if (raw === '0') return false;
  throw new Error(`${ENV_LAB_CAPI}=${JSON.stringify(raw)}: expected 1 (run the Cluster API managers, the default) or 0 (leave them out)`);
}

/**
 * `dir` is the management cluster's baseDir (the proxy socket and the managers' files go there);
 * `webhookCa` shares another lab's webhook CA (see LabCapiControllers.handOver).
 */
export async function prepareLabCapiAttachment(dir: string, pollMs = 250, webhookCa?: CaPem): Promise<LabCapiAttachment> {
  const egress = await startWebhookEgress(dir);
  let controllers: LabCapiControllers | undefined;
  let timer: NodeJS.Timeout | undefined;
  let starting = false;
  let lastError = '';
  return {
    clusterOptions: { disableAdmissionWebhooks: false, extraApiServerArgs: egress.apiServerArgs },
    controllers: () => controllers,
    attach(cluster, log) {
      const client = cluster.client();
      timer = setInterval(() => {
        if (controllers || starting) return;
        starting = true;
        void (async () => {
          for (const m of LAB_CAPI_MANAGERS) {
            const res = await client.raw('GET', `/apis/apps/v1/namespaces/${m.namespace}/deployments/${m.deployment}`);
            if (res.status !== 200) return;
          }
          log('lab: Cluster API components installed; starting the real managers');
          controllers = await startLabCapiControllers({ kubeconfigPath: cluster.kubeconfigPath, dir, egress, identityCa: cluster.pki.kubernetesCa, webhookCa });
          log(`lab: Cluster API managers running; logs in ${join(controllers.dir, 'logs')}`);
        })()
          .catch((err: unknown) => {
            const message = (err as Error).message;
            if (message !== lastError) log(`lab: Cluster API managers: ${message}`);
            lastError = message;
          })
          .finally(() => {
            starting = false;
          });
      }, pollMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      await controllers?.stop();
      await egress.close();
    },
  };
}
