/**
 * The inventory must be what `clusterctl init` v1.12.10 writes: the Provider objects as
 * components.InventoryObject() builds them (field by field, from cmd/clusterctl/client/repository/
 * components.go and api/v1alpha3), and a CRD equivalent to the one embedded in clusterctl.
 */
import { parse } from 'yaml';
import { manifestLabel, PROVIDERS, type ProviderType } from '../../../providers/capi/components/catalog';
import { inventoryCrd, inventoryObject } from '../../../providers/capi/components/inventory';
import { clusterctlInventoryCrdYaml } from './support/fixtures';

describe('manifest labels (clusterctlv1.ManifestLabel)', () => {
  test.each<[string, ProviderType, string]>([
    ['cluster-api', 'CoreProvider', 'cluster-api'],
    ['talos', 'BootstrapProvider', 'bootstrap-talos'],
    ['talos', 'ControlPlaneProvider', 'control-plane-talos'],
    ['proxmox', 'InfrastructureProvider', 'infrastructure-proxmox'],
    ['in-cluster', 'IPAMProvider', 'ipam-in-cluster'],
  ])('%s %s -> %s', (name, type, label) => {
    expect(manifestLabel(name, type)).toBe(label);
  });
});

describe('Provider inventory objects', () => {
  // What clusterctl writes for the pinned set (spec section 2.4 table, from InventoryObject()).
  const expected = [
    ['cluster-api', 'capi-system', 'cluster-api', 'CoreProvider', 'v1.12.10'],
    ['bootstrap-talos', 'cabpt-system', 'talos', 'BootstrapProvider', 'v0.6.12'],
    ['control-plane-talos', 'cacppt-system', 'talos', 'ControlPlaneProvider', 'v0.5.13'],
    ['infrastructure-proxmox', 'capmox-system', 'proxmox', 'InfrastructureProvider', 'v0.9.0'],
    ['ipam-in-cluster', 'capi-ipam-in-cluster-system', 'in-cluster', 'IPAMProvider', 'v1.1.0'],
  ] as const;

  test.each(expected)('%s in %s', (name, namespace, providerName, type, version) => {
    const spec = PROVIDERS.find((p) => p.manifestLabel === name)!;
    expect(spec.defaultVersion).toBe(version);
    const obj = inventoryObject(spec, spec.defaultVersion);
    expect(Object.keys(obj).sort()).toEqual(['apiVersion', 'kind', 'metadata', 'providerName', 'type', 'version']);
    expect(obj.apiVersion).toBe('clusterctl.cluster.x-k8s.io/v1alpha3');
    expect(obj.kind).toBe('Provider');
    expect(obj.metadata).toEqual({
      name,
      namespace,
      labels: { 'clusterctl.cluster.x-k8s.io': '', 'cluster.x-k8s.io/provider': name, 'clusterctl.cluster.x-k8s.io/core': 'inventory' },
    });
    expect(obj.providerName).toBe(providerName);
    expect(obj.type).toBe(type);
    expect(obj.version).toBe(version);
    // watchedNamespace is deprecated and clusterctl leaves it empty (omitted).
    expect('watchedNamespace' in obj).toBe(false);
  });

  test('providers install in clusterctl type order', () => {
    expect(PROVIDERS.map((p) => p.type)).toEqual(['CoreProvider', 'BootstrapProvider', 'ControlPlaneProvider', 'InfrastructureProvider', 'IPAMProvider']);
  });
});

describe('the inventory CRD', () => {
  type Crd = {
    metadata: { name: string; labels?: Record<string, string> };
    spec: {
      group: string;
      scope: string;
      names: Record<string, unknown>;
      versions: Array<{
        name: string;
        served: boolean;
        storage: boolean;
        subresources?: unknown;
        additionalPrinterColumns: Array<{ name: string; type: string; jsonPath: string }>;
        schema: { openAPIV3Schema: { type: string; properties: Record<string, { type: string }> } };
      }>;
    };
  };
  let upstream: Crd;
  const ours = inventoryCrd() as unknown as Crd;
  beforeAll(async () => {
    upstream = parse(await clusterctlInventoryCrdYaml()) as Crd;
  });

  test('has the same name, group, names and scope as clusterctl embeds', () => {
    expect(ours.metadata.name).toBe(upstream.metadata.name);
    expect(ours.spec.group).toBe(upstream.spec.group);
    expect(ours.spec.names).toEqual(upstream.spec.names);
    expect(ours.spec.scope).toBe(upstream.spec.scope);
  });

  test('serves and stores the same version with the same printer columns and subresources', () => {
    expect(ours.spec.versions.map((v) => [v.name, v.served, v.storage])).toEqual(upstream.spec.versions.map((v) => [v.name, v.served, v.storage]));
    const cols = (c: Crd) => c.spec.versions[0].additionalPrinterColumns.map(({ name, type, jsonPath }) => ({ name, type, jsonPath }));
    expect(cols(ours)).toEqual(cols(upstream));
    expect(ours.spec.versions[0].subresources).toEqual(upstream.spec.versions[0].subresources);
  });

  test('defines the same fields with the same types', () => {
    const fields = (c: Crd) => {
      const s = c.spec.versions[0].schema.openAPIV3Schema;
      return { type: s.type, properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, v.type])) };
    };
    expect(fields(ours)).toEqual(fields(upstream));
  });

  test('carries the label clusterctl adds when it installs the CRD', () => {
    expect(ours.metadata.labels).toEqual({ 'clusterctl.cluster.x-k8s.io/core': 'inventory' });
  });
});
