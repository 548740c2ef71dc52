/**
 * An app someone else writes with this package as a library: it imports the package by name
 * (resolved through its `exports`, the built JavaScript and declarations), composes the Talos
 * constructs in a stack of its own, and adds a whole cluster from a definition. Synthesizes into
 * the directory given as the first argument. App and TerraformStack come from the package too, so
 * the app's constructs and the package's share one CDK core, cdktf or (PTC_CDK=cdktn) CDK Terrain.
 */
import type { Construct } from 'constructs';
import {
  App,
  TerraformStack,
  buildApp,
  defineCluster,
  LAB_DEFAULT_INPUT,
  parseClusterDefinition,
  readAppEnvironment,
  talos,
  TalosMachineConfigs,
  TalosSecrets,
  type ITalosSecrets,
  type TalosNode,
} from 'proxmox-talos-capi';

/** The user's own stack: secrets and machine configurations for three nodes they manage themselves. */
class EdgeConfigs extends TerraformStack {
  readonly secrets: ITalosSecrets;

  constructor(scope: Construct, id: string, nodes: readonly TalosNode[]) {
    super(scope, id);
    new talos.provider.TalosProvider(this, 'talos');
    this.secrets = new TalosSecrets(this, 'secrets', { talosVersion: 'v1.13' });
    new TalosMachineConfigs(this, 'configs', {
      clusterName: 'edge',
      clusterEndpoint: 'https://192.0.2.10:6443',
      secrets: this.secrets,
      talosVersion: 'v1.13',
      kubernetesVersion: '1.36.3',
      nodes,
      workerPatches: ['machine:\n  sysctls:\n    vm.max_map_count: "262144"\n'],
    });
  }
}

const outdir = process.argv[2];
if (!outdir) throw new Error('usage: main.ts <outdir>');
const app = new App({ outdir });
new EdgeConfigs(app, 'edge-configs', [
  { name: 'edge-cp-1', role: 'controlplane', address: '192.0.2.11' },
  { name: 'edge-worker-1', role: 'worker', address: '192.0.2.21' },
  { name: 'edge-worker-2', role: 'worker', address: '192.0.2.22' },
]);
// A whole cluster from a definition, as `clusters/<name>.yaml` would hold it (here without Cluster API).
const definition = defineCluster({ ...LAB_DEFAULT_INPUT, name: 'shop', clusterApi: undefined, outputs: undefined });
buildApp(app, [parseClusterDefinition(definition, { source: 'example-app' })], {
  environment: readAppEnvironment({ PROXMOX_VE_API_TOKEN: 'terraform@pve!ptc=00000000-0000-0000-0000-000000000000' }),
});
app.synth();
