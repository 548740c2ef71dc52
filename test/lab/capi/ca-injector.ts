/**
 * What cert-manager's cainjector does in a real management cluster, for the lab's webhook CA:
 * every CustomResourceDefinition and Validating/MutatingWebhookConfiguration annotated
 * `cert-manager.io/inject-ca-from: <namespace>/<certificate>` whose namespace is served by a lab
 * manager gets the lab CA as caBundle. Only caBundle is written (the product's server-side apply
 * never sends it), so a re-install of the components does not conflict; a re-install that resets
 * it is caught by the next pass. It also records which Services the webhooks name, so the egress
 * proxy forwards only to those.
 */
import type { LabKubeClient } from '../k8s/kube-client';

export const INJECT_CA_FROM = 'cert-manager.io/inject-ca-from';

interface ServiceRef {
  readonly namespace?: string;
  readonly name?: string;
}

interface ClientConfig {
  service?: ServiceRef;
  url?: string;
  caBundle?: string;
}

interface Meta {
  readonly name: string;
  readonly resourceVersion?: string;
  readonly annotations?: Record<string, string>;
}

interface WebhookConfiguration {
  readonly metadata: Meta;
  readonly webhooks?: ReadonlyArray<{ readonly name: string; readonly clientConfig?: ClientConfig }>;
}

interface Crd {
  readonly metadata: Meta;
  readonly spec: { readonly conversion?: { readonly strategy?: string; readonly webhook?: { readonly clientConfig?: ClientConfig } } };
}

export interface InjectionPass {
  /** Objects patched in this pass, as `kind/name`. */
  readonly patched: readonly string[];
  /** `namespace/name` of every Service a webhook or conversion of a served namespace names. */
  readonly services: ReadonlySet<string>;
  /** Objects annotated for a served namespace that still lack the CA (after a failed patch). */
  readonly pending: readonly string[];
}

const WEBHOOK_KINDS = [
  { kind: 'ValidatingWebhookConfiguration', path: '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations' },
  { kind: 'MutatingWebhookConfiguration', path: '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations' },
] as const;
const CRDS = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

function servedNamespace(meta: Meta, namespaces: ReadonlySet<string>): boolean {
  const from = meta.annotations?.[INJECT_CA_FROM];
  return from !== undefined && namespaces.has(from.split('/')[0]);
}

function serviceKey(cc: ClientConfig | undefined): string | undefined {
  return cc?.service?.namespace && cc.service.name ? `${cc.service.namespace}/${cc.service.name}` : undefined;
}

/** One pass over the cluster: sets caBundle where it differs. Patch failures are reported in `pending`. */
export async function injectCaBundles(client: LabKubeClient, caPem: string, namespaces: ReadonlySet<string>): Promise<InjectionPass> {
  const caBundle = Buffer.from(caPem, 'utf8').toString('base64');
  const patched: string[] = [];
  const pending: string[] = [];
  const services = new Set<string>();

  for (const { kind, path } of WEBHOOK_KINDS) {
    const list = await client.get<{ items: WebhookConfiguration[] }>(path);
    for (const obj of list.items) {
      if (!servedNamespace(obj.metadata, namespaces)) continue;
      const ops: unknown[] = [];
      (obj.webhooks ?? []).forEach((hook, i) => {
        const key = serviceKey(hook.clientConfig);
        if (key) services.add(key);
        if (hook.clientConfig?.caBundle !== caBundle) {
          ops.push({ op: 'test', path: `/webhooks/${i}/name`, value: hook.name }, { op: 'add', path: `/webhooks/${i}/clientConfig/caBundle`, value: caBundle });
        }
      });
      if (ops.length === 0) continue;
      // The resourceVersion test makes a concurrent re-install win; the next pass retries.
      const res = await client.raw('PATCH', `${path}/${obj.metadata.name}`, {
        body: [{ op: 'test', path: '/metadata/resourceVersion', value: obj.metadata.resourceVersion }, ...ops],
        contentType: 'application/json-patch+json',
      });
      if (res.status === 200) patched.push(`${kind}/${obj.metadata.name}`);
      else pending.push(`${kind}/${obj.metadata.name} (HTTP ${res.status})`);
    }
  }

  const crds = await client.get<{ items: Crd[] }>(CRDS);
  for (const crd of crds.items) {
    const conversion = crd.spec.conversion;
    if (conversion?.strategy !== 'Webhook' || !servedNamespace(crd.metadata, namespaces)) continue;
    const key = serviceKey(conversion.webhook?.clientConfig);
    if (key) services.add(key);
    if (conversion.webhook?.clientConfig?.caBundle === caBundle) continue;
    const res = await client.raw('PATCH', `${CRDS}/${crd.metadata.name}`, {
      body: { metadata: { resourceVersion: crd.metadata.resourceVersion }, spec: { conversion: { webhook: { clientConfig: { caBundle } } } } },
      contentType: 'application/merge-patch+json',
    });
    if (res.status === 200) patched.push(`CustomResourceDefinition/${crd.metadata.name}`);
    else pending.push(`CustomResourceDefinition/${crd.metadata.name} (HTTP ${res.status})`);
  }
  return { patched, services, pending };
}
