/**
 * `talos_cluster_health` data source: waits until the cluster is healthy (etcd members =
 * control planes, or at least them with `allow_additional_members`, services up, nodes running, Kubernetes nodes registered and Ready), logging
 * progress at info level (shown with TF_LOG=info), and fails after `timeouts.read` naming what is
 * not healthy. Inputs follow siderolabs/terraform-provider-talos.
 */
import { defineDataSource, lazy } from '../../../runtime';
import type * as HealthOperation from '../../operations/health';
import { clientCertificateFrom } from '../../operations/node-access';

import { timeoutMs } from '../common/timeouts';

import { schema } from './schema';

const healthOperation = lazy(() => require('../../operations/health') as typeof HealthOperation);

export const clusterHealth = defineDataSource<typeof schema, unknown>({
  name: 'cluster_health',
  schema,
  validate(config) {
    const cps = Array.isArray(config.control_plane_nodes) ? config.control_plane_nodes : [];
    const workers = Array.isArray(config.worker_nodes) ? config.worker_nodes : [];
    const all = [...cps, ...workers].filter((v): v is string => typeof v === 'string');
    const dup = all.find((v, i) => all.indexOf(v) !== i);
    return dup ? [{ severity: 'error', summary: `node ${dup} is listed twice`, detail: 'Each node belongs in control_plane_nodes or worker_nodes, once.' }] : [];
  },
  async read({ config, ctx }) {
    await healthOperation().waitForHealthyCluster({
      cert: clientCertificateFrom(config.client_configuration),
      endpoints: config.endpoints,
      controlPlanes: config.control_plane_nodes,
      workers: config.worker_nodes ?? [],
      skipKubernetesChecks: config.skip_kubernetes_checks ?? false,
      allowAdditionalMembers: config.allow_additional_members ?? false,
      timeoutMs: timeoutMs(config.timeouts, 'read'),
      signal: ctx.signal,
      log: ctx.log,
    });
    return { ...config, id: 'cluster_health' };
  },
});
