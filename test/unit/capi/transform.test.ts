/**
 * The clusterctl transformations (repository/components.go) on the pinned providers' real
 * components: target namespace and the references into it, the two labels on every object, the
 * apply order; plus cert-manager's create order and image overrides.
 */
import { PROVIDERS } from '../../../providers/capi/components/catalog';
import { applyImageOverrides, effectiveOverride, formatImage, overrideImage, parseImage } from '../../../providers/capi/components/images';
import {
  CLUSTERCTL_LABEL,
  ComponentsError,
  commonLabels,
  isNamespacedKind,
  parseObjects,
  PROVIDER_LABEL,
  processComponents,
  sortForCreate,
  type ProcessedComponents,
} from '../../../providers/capi/components/transform';
import type { KubeObject } from '../../../providers/capi/kube';
import { substituteVariables } from '../../../providers/capi/components/variables';
import { rawComponents } from './support/fixtures';

async function processed(label: string, targetNamespace?: string, variables: Record<string, string> = {}): Promise<ProcessedComponents> {
  const spec = PROVIDERS.find((p) => p.manifestLabel === label)!;
  return processComponents({
    component: label,
    rawYaml: await rawComponents(label),
    targetNamespace: targetNamespace ?? spec.namespace,
    variables: new Map(Object.entries(variables)),
    imageOverrides: [],
    labels: commonLabels(label),
  });
}

const ofKind = (objs: KubeObject[], kind: string) => objs.filter((o) => o.kind === kind);

describe.each(PROVIDERS.map((p) => [p.manifestLabel, p] as const))('%s components', (label, spec) => {
  let result: ProcessedComponents;
  beforeAll(async () => {
    result = await processed(label);
  });

  test('every object carries clusterctl.cluster.x-k8s.io and cluster.x-k8s.io/provider', () => {
    for (const obj of result.objects) {
      expect(obj.metadata.labels?.[CLUSTERCTL_LABEL]).toBe('');
      expect(obj.metadata.labels?.[PROVIDER_LABEL]).toBe(label);
    }
  });

  test('exactly one Namespace, first, named as the provider namespace; namespaced objects live in it', () => {
    const namespaces = ofKind(result.objects, 'Namespace');
    expect(namespaces.map((n) => n.metadata.name)).toEqual([spec.namespace]);
    expect(result.objects[0].kind).toBe('Namespace');
    for (const obj of result.objects) {
      if (isNamespacedKind(obj.kind)) expect(obj.metadata.namespace).toBe(spec.namespace);
      else expect(obj.metadata.namespace).toBeUndefined();
    }
  });

  test('cert-manager objects come right after the Namespace, the rest keeps file order', async () => {
    const kinds = result.objects.map((o) => o.kind);
    const firstOther = result.objects.findIndex((o, i) => i > 0 && !o.apiVersion.startsWith('cert-manager.io/'));
    expect(kinds.slice(1, firstOther).sort()).toEqual(['Certificate', 'Issuer']);
    const key = (o: KubeObject) => `${o.kind}/${o.metadata.name}`;
    const inFile = parseObjects(substituteVariables(await rawComponents(label), new Map(), label), label)
      .filter((o) => o.kind !== 'Namespace' && !o.apiVersion.startsWith('cert-manager.io/'))
      .map(key);
    expect(result.objects.slice(firstOther).map(key)).toEqual(inFile);
  });

  test('webhook, CA injection and certificate references point into the provider namespace', () => {
    for (const obj of [...ofKind(result.objects, 'MutatingWebhookConfiguration'), ...ofKind(result.objects, 'ValidatingWebhookConfiguration')]) {
      expect(obj.metadata.annotations?.['cert-manager.io/inject-ca-from']).toMatch(new RegExp(`^${spec.namespace}/`));
      for (const w of obj.webhooks as Array<{ clientConfig: { service: { namespace: string } } }>) expect(w.clientConfig.service.namespace).toBe(spec.namespace);
    }
    for (const cert of ofKind(result.objects, 'Certificate')) {
      for (const name of (cert.spec as { dnsNames: string[] }).dnsNames) expect(name).toContain(`.${spec.namespace}.svc`);
    }
  });
});

describe('a different target namespace (clusterctl --target-namespace)', () => {
  let result: ProcessedComponents;
  beforeAll(async () => {
    result = await processed('cluster-api', 'ptc-capi');
  });

  test('renames the Namespace and moves every namespaced object', () => {
    expect(ofKind(result.objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['ptc-capi']);
    expect(result.objects.filter((o) => isNamespacedKind(o.kind)).every((o) => o.metadata.namespace === 'ptc-capi')).toBe(true);
  });

  test('rewrites binding subjects, webhook services, conversion services, CA injection and DNS names', () => {
    const subjects = [...ofKind(result.objects, 'ClusterRoleBinding'), ...ofKind(result.objects, 'RoleBinding')].flatMap((b) => b.subjects as Array<{ namespace?: string }>);
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.every((s) => s.namespace === 'ptc-capi')).toBe(true);
    const crds = ofKind(result.objects, 'CustomResourceDefinition');
    const conversion = crds
      .map((c) => (c.spec as { conversion?: { webhook?: { clientConfig?: { service?: { namespace: string } } } } }).conversion?.webhook?.clientConfig?.service)
      .filter((s) => s !== undefined);
    expect(conversion.length).toBeGreaterThan(0);
    expect(conversion.every((s) => s!.namespace === 'ptc-capi')).toBe(true);
    for (const crd of crds.filter((c) => c.metadata.annotations?.['cert-manager.io/inject-ca-from'])) {
      expect(crd.metadata.annotations!['cert-manager.io/inject-ca-from']).toBe('ptc-capi/capi-serving-cert');
    }
    const [cert] = ofKind(result.objects, 'Certificate');
    expect((cert.spec as { dnsNames: string[] }).dnsNames).toEqual(['capi-webhook-service.ptc-capi.svc', 'capi-webhook-service.ptc-capi.svc.cluster.local']);
  });
});

describe('edge cases of the namespace step', () => {
  const base = (yaml: string) => processComponents({ component: 'x', rawYaml: yaml, targetNamespace: 'target', variables: new Map(), imageOverrides: [], labels: commonLabels('x') });

  test('a manifest without Namespace gets one, applied first', () => {
    const r = base('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: elsewhere\n');
    expect(r.objects.map((o) => `${o.kind}/${o.metadata.name}/${o.metadata.namespace ?? ''}`)).toEqual(['Namespace/target/', 'ConfigMap/c/target']);
    expect(r.objects[0].metadata.labels).toEqual(commonLabels('x'));
  });

  test('two Namespaces are rejected', () => {
    expect(() => base('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n')).toThrow(/at most one/);
  });

  test('a document that is not an object is rejected with its position', () => {
    expect(() => base('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n---\n- just\n- a list\n')).toThrow(/YAML document 2 is not a Kubernetes object/);
  });

  test('a malformed inject-ca-from annotation is rejected', () => {
    const yaml =
      'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingWebhookConfiguration\nmetadata:\n  name: w\n  annotations:\n    cert-manager.io/inject-ca-from: nonamespace\nwebhooks: []\n';
    expect(() => base(yaml)).toThrow(/does not have a correct value for cert-manager.io\/inject-ca-from/);
  });
});

describe('CAPMOX credentials', () => {
  const secret = (r: ProcessedComponents) => r.objects.find((o) => o.kind === 'Secret' && o.metadata.name === 'capmox-manager-credentials')!;

  test('default to empty strings', async () => {
    expect(secret(await processed('infrastructure-proxmox')).stringData).toEqual({ secret: '', token: '', url: '' });
  });

  test('take the given values verbatim', async () => {
    const r = await processed('infrastructure-proxmox', undefined, { PROXMOX_URL: 'https://pve:8006', PROXMOX_TOKEN: 'capmox@pve!capi', PROXMOX_SECRET: 'c0ffee-0000' });
    expect(secret(r).stringData).toEqual({ secret: 'c0ffee-0000', token: 'capmox@pve!capi', url: 'https://pve:8006' });
  });

  test('a value YAML would read as a number is an error, not a silently changed secret', async () => {
    await expect(processed('infrastructure-proxmox', undefined, { PROXMOX_SECRET: '0123' })).rejects.toThrow(
      /Secret capmox-manager-credentials stringData.secret is not text after variable substitution/,
    );
  });

  test('a value that breaks the YAML is reported with the component', async () => {
    await expect(processed('infrastructure-proxmox', undefined, { PROXMOX_TOKEN: 'a: b: c' })).rejects.toThrow(ComponentsError);
  });
});

describe('images', () => {
  test.each([
    ['registry.k8s.io/cluster-api/cluster-api-controller:v1.12.11', { repository: 'registry.k8s.io/cluster-api', name: 'cluster-api-controller', tag: 'v1.12.11', digest: '' }],
    ['ghcr.io/ionos-cloud/cluster-api-provider-proxmox:v0.9.0', { repository: 'ghcr.io/ionos-cloud', name: 'cluster-api-provider-proxmox', tag: 'v0.9.0', digest: '' }],
    ['localhost:5000/img@sha256:abc', { repository: 'localhost:5000', name: 'img', tag: '', digest: 'sha256:abc' }],
    ['busybox', { repository: '', name: 'busybox', tag: '', digest: '' }],
  ])('parses %s', (image, ref) => {
    expect(parseImage(image)).toEqual(ref);
    expect(formatImage(parseImage(image))).toBe(image);
  });

  test('all applies first, the component entry wins field by field', () => {
    const o = effectiveOverride(
      [
        { component: 'all', repository: 'mirror.example/all/', tag: 'vAll' },
        { component: 'bootstrap-talos', repository: 'mirror.example/talos' },
        { component: 'cluster-api', tag: 'ignored' },
      ],
      'bootstrap-talos',
    );
    expect(o).toEqual({ repository: 'mirror.example/talos', tag: 'vAll' });
    expect(overrideImage('ghcr.io/siderolabs/cluster-api-talos-controller:v0.6.12', o!)).toBe('mirror.example/talos/cluster-api-talos-controller:vAll');
    expect(effectiveOverride([{ component: 'cluster-api', tag: 'x' }], 'bootstrap-talos')).toBeUndefined();
  });

  test('rewrite every container of the manager Deployment', async () => {
    const r = await processed('cluster-api');
    const before = r.images;
    const objs = JSON.parse(JSON.stringify(r.objects)) as KubeObject[];
    const after = applyImageOverrides(objs, [{ component: 'cluster-api', repository: 'mirror.example/capi' }], 'cluster-api');
    expect(before).toEqual(['registry.k8s.io/cluster-api/cluster-api-controller:v1.12.10']);
    expect(after).toEqual(['mirror.example/capi/cluster-api-controller:v1.12.10']);
  });
});

test('cert-manager objects are created in clusterctl order (namespaces, CRDs, ..., service accounts, then the rest)', () => {
  const mk = (kind: string, name: string): KubeObject => ({ apiVersion: 'v1', kind, metadata: { name } });
  const sorted = sortForCreate([mk('Deployment', 'd'), mk('ServiceAccount', 'sa'), mk('CustomResourceDefinition', 'c'), mk('Service', 's'), mk('Namespace', 'n'), mk('ConfigMap', 'cm')]);
  expect(sorted.map((o) => o.kind)).toEqual(['Namespace', 'CustomResourceDefinition', 'ConfigMap', 'ServiceAccount', 'Deployment', 'Service']);
});
