/** What server-side apply sends, and the order objects are removed in. */
import { applyBody, liveKey } from '../../../providers/capi/install/apply';
import { deletionRank } from '../../../providers/capi/install/install';

test('status and null timestamps are not sent', () => {
  const body = applyBody({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x', creationTimestamp: null }, spec: {}, status: { storedVersions: [] } });
  expect(body).toEqual({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'x' }, spec: {} });
});

test('Secret stringData is sent as data, so a repeated apply is an exact no-op', () => {
  const input = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { keep: 'YQ==' }, stringData: { url: 'https://pve:8006', empty: '' } };
  expect(applyBody(input)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: { keep: 'YQ==', url: 'aHR0cHM6Ly9wdmU6ODAwNg==', empty: '' } });
  expect(input.stringData.url).toBe('https://pve:8006');
});

test('an aggregated ClusterRole is applied without rules (the aggregation controller fills them)', () => {
  const aggregated = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'a' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { x: 'y' } }] }, rules: [] };
  expect(applyBody(aggregated)).not.toHaveProperty('rules');
  const plain = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'p' }, rules: [] };
  expect(applyBody(plain)).toHaveProperty('rules', []);
});

test('identity ignores the version and, for cluster-scoped kinds, the namespace', () => {
  expect(liveKey({ apiVersion: 'cluster.x-k8s.io/v1beta2', kind: 'Cluster', metadata: { name: 'c', namespace: 'd' } }, true)).toBe('cluster.x-k8s.io/Cluster/d/c');
  expect(liveKey({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r', namespace: 'stray' } }, false)).toBe('rbac.authorization.k8s.io/ClusterRole//r');
});

test('removal order: inventory entry, webhooks, controllers, services, certificates, the rest, namespaces, CRDs', () => {
  const kinds = ['CustomResourceDefinition', 'ConfigMap', 'Namespace', 'Issuer', 'Certificate', 'Service', 'Deployment', 'ValidatingWebhookConfiguration', 'Provider'];
  expect([...kinds].sort((a, b) => deletionRank(a) - deletionRank(b))).toEqual([
    'Provider',
    'ValidatingWebhookConfiguration',
    'Deployment',
    'Service',
    'Certificate',
    'Issuer',
    'ConfigMap',
    'Namespace',
    'CustomResourceDefinition',
  ]);
});
