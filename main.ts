/**
 * The CDKTF app. With no cluster definition it deploys the embedded lab cluster.
 */
import { App } from './stacks/cdk';
import { LAB_CLUSTER } from './stacks/lab-cluster';
import { TalosConfigStack } from './stacks/talos-config-stack';

const app = new App();
new TalosConfigStack(app, `${LAB_CLUSTER.clusterName}-talos`, LAB_CLUSTER);
app.synth();
