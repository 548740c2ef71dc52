/**
 * The cdktf app the Proxmox end-to-end test deploys: one ProxmoxInfraStack built from the spec
 * in the JSON file named by PTC_PROXMOX_SPEC_FILE (the test writes it with the simulator's
 * endpoint and image server URL).
 */
import { readFileSync } from 'node:fs';
import { App } from '../../../stacks/cdk';
import type { ProxmoxClusterSpec } from '../../../stacks/plan/cluster-spec';
import { ProxmoxInfraStack } from '../../../stacks/proxmox-infra-stack';

const specFile = process.env.PTC_PROXMOX_SPEC_FILE;
if (!specFile) throw new Error('PTC_PROXMOX_SPEC_FILE: set it to the JSON cluster spec to deploy');
const spec = JSON.parse(readFileSync(specFile, 'utf8')) as ProxmoxClusterSpec;
const app = new App();
new ProxmoxInfraStack(app, process.env.PTC_PROXMOX_STACK ?? `${spec.clusterName}-proxmox`, spec);
app.synth();
