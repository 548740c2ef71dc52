/**
 * `talos_cluster_health` data source: waits until the cluster is healthy (etcd members =
 * control planes, or at least them with `allow_additional_members`, services up, nodes running, Kubernetes nodes registered and Ready), logging
 * progress at info level (shown with TF_LOG=info), and fails after `timeouts.read` naming what is
 * not healthy. Inputs follow siderolabs/terraform-provider-talos.
 */
import { attr, block, defineDataSource, defineSchema, lazy } from '../../runtime';
import type * as HealthOperation from './health-operation';
import { clientCertificateFrom } from './node-access';
import { clientConfigurationType, type ClientConfigurationValue } from '../secrets/secrets-value';
import { singleBlock, timeoutAttribute, timeoutMs } from './timeouts';
import { nonEmptyList } from './validators';

const healthOperation = lazy(() => require('./health-operation') as typeof HealthOperation);

const schema = defineSchema({
  description: 'Waits for a Talos cluster to be healthy: etcd, services, nodes running, Kubernetes nodes Ready.',
  attributes: {
    id: attr.string({ mode: 'computed' }),
    client_configuration: attr.typed<ClientConfigurationValue>(clientConfigurationType)({
      mode: 'required',
      sensitive: true,
      description: 'Client configuration (talos_machine_secrets.client_configuration) for the authenticated API.',
    }),
    endpoints: attr.stringList({ mode: 'required', description: 'Talos API endpoints (control-plane addresses).', validators: [nonEmptyList] }),
    control_plane_nodes: attr.stringList({ mode: 'required', description: 'Addresses of every control-plane node.', validators: [nonEmptyList] }),
    worker_nodes: attr.stringList({ mode: 'optional', description: 'Addresses of every worker node.' }),
    skip_kubernetes_checks: attr.bool({ mode: 'optional', description: 'Check Talos and etcd only, not the Kubernetes nodes.' }),
    allow_additional_members: attr.bool({
      mode: 'optional',
      description:
        'Nodes not listed (e.g. those Cluster API creates) may belong to the cluster: etcd may have more members than the listed control planes. Every listed node must still be healthy and, for control planes, an etcd member.',
    }),
  },
  blocks: {
    timeouts: block.single({ attributes: { read: timeoutAttribute('read') } }),
  },
});

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
      timeoutMs: timeoutMs(singleBlock(config.timeouts), 'read'),
      signal: ctx.signal,
      log: ctx.log,
    });
    return { ...config, id: 'cluster_health' };
  },
});
