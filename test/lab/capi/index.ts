/**
 * Lab Cluster API: the real upstream managers (core, CABPT, CACPPT, CAPMOX, in-cluster IPAM) built
 * from the Go module proxy (build.sh) and run as local processes against a lab management cluster,
 * with their webhooks served for real. A test facility: product code never imports test/lab.
 */
export { CAPI_BUILD_SCRIPT, ensureLabCapiBinaries, labCapiBinariesIn, type LabCapiBinaries } from './binaries';
export { injectCaBundles, INJECT_CA_FROM, type InjectionPass } from './ca-injector';
export { startLabCapiControllers, type LabCapiControllers, type LabCapiControllersOptions, type LabCapiManager } from './controllers';
export { LAB_CAPI_MANAGERS, type LabCapiManagerName, type LabCapiManagerSpec } from './managers';
export { LAB_CAPI_VERSIONS, labCapiOverridesDir } from './overrides';
export { startWebhookEgress, type EgressResolver, type WebhookEgress } from './webhook-egress';
export { ENV_LAB_CAPI, labCapiRequested, prepareLabCapiAttachment, type LabCapiAttachment } from './lab-attach';
