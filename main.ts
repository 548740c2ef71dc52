/**
 * The CDKTF app. With no cluster definition it deploys the embedded lab cluster.
 */
import { App } from './stacks/cdk';
import { TalosSecretsStack } from './stacks/talos-secrets-stack';

const LAB_CLUSTER = { name: 'lab', talosVersion: 'v1.13' };

const app = new App();
new TalosSecretsStack(app, `${LAB_CLUSTER.name}-talos-secrets`, { clusterName: LAB_CLUSTER.name, talosVersion: LAB_CLUSTER.talosVersion });
app.synth();
