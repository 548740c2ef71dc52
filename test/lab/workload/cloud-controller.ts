/**
 * The lab's stand-in for the cloud controller manager a Talos cluster with
 * `cluster.externalCloudProvider` installs (talos-ccm, which the Go module proxy does not serve):
 * lab-ccm — the upstream cloud-node controller with a Talos InstancesV2 — on the host, against the
 * workload API server. It gets what Talos' Kubernetes Talos API access would give the real Pod: a
 * talosconfig with an os:reader certificate signed by the cluster's Talos API CA, whose endpoint is
 * a control plane. Without that feature allowing os:reader in kube-system the real Pod never gets
 * its Secret, so the lab does not start it either, and the Nodes stay uninitialised.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatTalosconfig, issueAdminClientCertificate } from '../../../providers/machinery/clientconfig';
import { ensureLabCcm } from '../ccm/binary';
import { ManagedProcess } from '../k8s/processes';
import type { LabCluster } from '../k8s';
import type { ParsedMachineConfig } from '../talos/machine-config';

/** The namespace talos-ccm's manifests run it in, which the API access must allow. */
export const CCM_NAMESPACE = 'kube-system';
export const CCM_ROLE = 'os:reader';

/** Why the cloud controller would not run for this control-plane configuration (undefined: it runs). */
export function cloudControllerBlocker(cfg: ParsedMachineConfig): string | undefined {
  if (!cfg.externalCloudProvider) return 'cluster.externalCloudProvider is not enabled';
  const access = cfg.kubernetesTalosApiAccess;
  if (!access) return 'machine.features.kubernetesTalosAPIAccess is not enabled, so its talosconfig Secret is never made';
  if (!access.allowedRoles.includes(CCM_ROLE)) return `machine.features.kubernetesTalosAPIAccess.allowedRoles lacks ${CCM_ROLE}`;
  if (!access.allowedKubernetesNamespaces.includes(CCM_NAMESPACE)) return `machine.features.kubernetesTalosAPIAccess.allowedKubernetesNamespaces lacks ${CCM_NAMESPACE}`;
  return undefined;
}

export interface CloudControllerOptions {
  readonly cluster: LabCluster;
  readonly config: ParsedMachineConfig;
  /** The Talos API endpoint of a control plane (`host:port`), as the in-cluster Service gives. */
  readonly talosEndpoint: string;
  /** How often initialised Nodes are synced again (the real default is 5 min). */
  readonly statusUpdateFrequency?: string;
}

export async function startCloudController(options: CloudControllerOptions): Promise<ManagedProcess> {
  const { cluster, config } = options;
  const dir = join(cluster.dir, 'ccm');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const talosconfig = join(dir, 'talosconfig');
  const client = await issueAdminClientCertificate({ certs: { os: config.osCa } }, { roles: [CCM_ROLE] });
  const context = { endpoints: [options.talosEndpoint], ca: config.osCa.crt, crt: client.crt, key: client.key };
  writeFileSync(talosconfig, formatTalosconfig({ context: config.clusterName, contexts: { [config.clusterName]: context } }), { mode: 0o600 });
  const { ccm } = await ensureLabCcm();
  return ManagedProcess.start({
    name: 'lab-ccm',
    command: ccm,
    args: [`--kubeconfig=${cluster.kubeconfigPath}`, `--talosconfig=${talosconfig}`, `--cluster-name=${config.clusterName}`, `--node-status-update-frequency=${options.statusUpdateFrequency ?? '5m'}`],
    logPath: join(cluster.dir, 'logs', 'lab-ccm.log'),
  });
}
