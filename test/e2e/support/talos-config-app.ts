/**
 * A CDKTF app with only the Talos configuration stage of the lab cluster (no Proxmox, no
 * bring-up), for end-to-end tests of the talos provider through cdktf.
 */
import { App } from '../../../stacks/cdk';
import { LAB_CLUSTER } from '../../../stacks/lab-cluster';
import { TalosConfigStack } from '../../../stacks/talos-config-stack';

const app = new App();
new TalosConfigStack(app, 'lab-talos', LAB_CLUSTER);
app.synth();
