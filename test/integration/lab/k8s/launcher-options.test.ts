/**
 * The launcher's input checks and pure helpers (no binaries needed): loopback-only addressing,
 * role defaults, PKI validation, kubeconfig and Node rendering.
 */
import { parse } from 'yaml';
import {
  firstAddressOf,
  generateLabClusterPki,
  isLoopbackIPv4,
  KWOK_NODE_ANNOTATION,
  nodeObject,
  renderKubeconfig,
  resolveLabClusterOptions,
  validateLabClusterPki,
  validateLabNodeSpec,
  type LabClusterPki,
  type LabNodeSpec,
} from '../../../lab/k8s';

const base = { name: 'lab', baseDir: '/tmp/ptc-lab-options' };

describe('resolveLabClusterOptions', () => {
  test('management defaults: every component, webhooks off, one node on the host address', () => {
    const o = resolveLabClusterOptions({ ...base, role: 'management' });
    expect(o.host).toBe('127.0.0.1');
    expect(o.components).toEqual({ controllerManager: true, scheduler: true, kwok: true });
    expect(o.disableAdmissionWebhooks).toBe(true);
    expect(o.enableAggregatorRouting).toBe(false);
    expect(o.nodes).toEqual([{ name: 'lab-node-0', addresses: [{ type: 'InternalIP', address: '127.0.0.1' }] }]);
    expect(o.serviceClusterIpRange).toBe('10.96.0.0/12');
  });

  test('workload defaults: a Talos control plane (controller-manager, scheduler) and kwok, webhooks off, no nodes', () => {
    const o = resolveLabClusterOptions({ ...base, role: 'workload', host: '127.0.0.9' });
    expect(o.components).toEqual({ controllerManager: true, scheduler: true, kwok: true });
    expect(o.disableAdmissionWebhooks).toBe(true);
    expect(o.nodes).toEqual([]);
    const bare = resolveLabClusterOptions({ ...base, role: 'workload', components: { controllerManager: false, scheduler: false }, disableAdmissionWebhooks: false });
    expect([bare.components, bare.disableAdmissionWebhooks]).toEqual([{ controllerManager: false, scheduler: false, kwok: true }, false]);
  });

  test.each(['10.0.0.1', '0.0.0.0', '::1', 'localhost', '127.0.0.256'])('rejects the non-loopback host %s', (host) => {
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', host })).toThrow(/host must be an IPv4 address in 127\.0\.0\.0\/8/);
  });

  test('names the field and the fix for other bad inputs', () => {
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', name: 'Bad_Name' })).toThrow(/name must be 1-40 characters of \[a-z0-9-\]/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', baseDir: 'relative/dir' })).toThrow(/baseDir must be an absolute/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'other' as 'workload' })).toThrow(/role must be "management" or "workload"/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', apiServerPort: 70000 })).toThrow(/apiServerPort must be an integer TCP port/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', extraApiServerArgs: ['v=4'] })).toThrow(/extraApiServerArgs\[0\] must look like --flag/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', serviceClusterIpRange: '10.96.0.0' })).toThrow(/serviceClusterIpRange must be an IPv4 CIDR/);
    expect(() => resolveLabClusterOptions({ ...base, role: 'workload', components: { kwok: false }, nodes: [{ name: 'n1', addresses: [] }] })).toThrow(/nodes need kwok/);
  });
});

describe('loopback and addressing helpers', () => {
  test('isLoopbackIPv4', () => {
    expect(isLoopbackIPv4('127.0.0.1')).toBe(true);
    expect(isLoopbackIPv4('127.255.1.2')).toBe(true);
    expect(isLoopbackIPv4('128.0.0.1')).toBe(false);
    expect(isLoopbackIPv4('::1')).toBe(false);
  });

  test('firstAddressOf gives the kubernetes Service IP of a range', () => {
    expect(firstAddressOf('10.96.0.0/12')).toBe('10.96.0.1');
    expect(firstAddressOf('10.100.7.9/16')).toBe('10.100.0.1');
    expect(firstAddressOf('192.168.5.0/24')).toBe('192.168.5.1');
  });
});

describe('PKI validation', () => {
  let pki: LabClusterPki;
  beforeAll(async () => {
    pki = await generateLabClusterPki();
  });

  test('a generated PKI validates', () => {
    expect(() => validateLabClusterPki(pki)).not.toThrow();
  });

  test('a key that does not belong to its certificate is named', () => {
    const mixed = { ...pki, etcdCa: { certPem: pki.etcdCa.certPem, keyPem: pki.kubernetesCa.keyPem } };
    expect(() => validateLabClusterPki(mixed)).toThrow('pki.etcdCa.keyPem does not belong to pki.etcdCa.certPem');
  });

  test('garbage is rejected without echoing it', () => {
    const broken = { ...pki, serviceAccountKeyPem: 'not a key SECRET-MATERIAL' };
    let message = '';
    try {
      validateLabClusterPki(broken);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/^pki\.serviceAccountKeyPem: /);
    expect(message).not.toContain('SECRET-MATERIAL');
  });
});

describe('renderKubeconfig', () => {
  test('one cluster, user and context with inline base64 PEM', () => {
    const text = renderKubeconfig({ name: 'mgmt', server: 'https://127.0.0.1:6443', caPem: 'CA', clientCertPem: 'CERT', clientKeyPem: 'KEY' });
    const doc = parse(text);
    expect(doc['current-context']).toBe('mgmt-admin@mgmt');
    expect(doc.clusters[0]).toEqual({ name: 'mgmt', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA').toString('base64') } });
    expect(doc.users[0].user['client-key-data']).toBe(Buffer.from('KEY').toString('base64'));
    expect(() => renderKubeconfig({ name: 'x', server: 'http://127.0.0.1:1', caPem: '', clientCertPem: '', clientKeyPem: '' })).toThrow(/server must be https/);
  });
});

describe('node specs', () => {
  const spec: LabNodeSpec = {
    name: 'talos-cp-1',
    providerID: 'proxmox://abc',
    addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
    controlPlane: true,
  };

  test('the Node carries kwok’s annotation, the providerID and role label', () => {
    const node = nodeObject(spec, 'v1.36.3') as {
      metadata: { annotations: Record<string, string>; labels: Record<string, string> };
      spec: { providerID: string };
      status: unknown;
    };
    expect(node.metadata.annotations[KWOK_NODE_ANNOTATION]).toBe('fake');
    expect(node.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('');
    expect(node.spec.providerID).toBe('proxmox://abc');
    expect(node.status).toEqual({
      addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
      nodeInfo: { kubeletVersion: 'v1.36.3', operatingSystem: 'linux', architecture: 'amd64' },
    });
    expect((nodeObject({ ...spec, kubeletVersion: 'v1.35.2' }, 'v1.36.3') as { status: { nodeInfo: { kubeletVersion: string } } }).status.nodeInfo.kubeletVersion).toBe('v1.35.2');
  });

  test('bad specs name the field', () => {
    expect(() => validateLabNodeSpec({ ...spec, name: 'Upper' })).toThrow(/node\.name must be a lower-case DNS subdomain/);
    expect(() => validateLabNodeSpec({ ...spec, providerID: 'abc' })).toThrow(/node\.providerID must look like <provider>:\/\/<id>/);
    expect(() => validateLabNodeSpec({ ...spec, addresses: [{ type: 'InternalIP', address: 'host' }] })).toThrow(/addresses\[0\]\.address must be an IP address/);
    expect(() => validateLabNodeSpec({ ...spec, kubeletVersion: '1.36' })).toThrow(/kubeletVersion must look like v1\.36\.3/);
  });
});
