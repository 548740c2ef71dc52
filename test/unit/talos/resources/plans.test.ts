/**
 * Plan-time behaviour of the Talos API resources (their plan hooks, no node involved): the
 * rendered configuration and its hash are planned, so only nodes whose configuration changes get
 * an update; endpoint defaults to node; the kubeconfig is renewed within its renewal window.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type HandlerContext, type Logger } from '../../../../providers/runtime';
import { unknown } from '../../../../providers/runtime/cty';
import { createSelfSignedCertificate, generateKeyPair, pemToBase64 } from '../../../../providers/pki';
import { clusterKubeconfig } from '../../../../providers/talos/resources/cluster-kubeconfig/resource';
import { configurationHash } from '../../../../providers/talos/resources/machine-configuration-apply/config-render';
import { certificateExpiry, dueForRenewal, parseKubeconfig } from '../../../../providers/machinery/clientconfig/kubeconfig';
import { machineBootstrap } from '../../../../providers/talos/resources/machine-bootstrap/resource';
import { machineConfigurationApply } from '../../../../providers/talos/resources/machine-configuration-apply/resource';
import { GOLDEN_DIR } from '../config/support/fixtures';

const worker = readFileSync(join(GOLDEN_DIR, 'worker-proxmox-node.yaml'), 'utf8');
const noLog: Logger = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined, with: () => noLog };
const ctx: HandlerContext<unknown> = { provider: {}, signal: new AbortController().signal, log: noLog, warn: () => undefined };
const CLIENT = { ca_certificate: 'Y2E=', client_certificate: 'Y3J0', client_key: 'a2V5' };
const HOUR = 3_600_000;

async function certExpiringIn(ms: number): Promise<string> {
  const key = await generateKeyPair('ecdsa-p256');
  const pem = await createSelfSignedCertificate(
    {
      subject: { commonName: 'admin', organization: ['system:masters'] },
      notBefore: new Date(Date.now() - 60_000),
      notAfter: new Date(Date.now() + ms),
      keyUsages: ['digitalSignature'],
      extendedKeyUsages: ['clientAuth'],
    },
    key,
  );
  return pemToBase64(pem);
}

function kubeconfigText(cert: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'lab', cluster: { server: 'https://127.0.10.10:6443', 'certificate-authority-data': 'Q0E=' } }],
    contexts: [{ name: 'admin@lab', context: { cluster: 'lab', user: 'admin@lab', namespace: 'default' } }],
    'current-context': 'admin@lab',
    users: [{ name: 'admin@lab', user: { 'client-certificate-data': cert, 'client-key-data': 'S0VZ' } }],
  });
}

describe('talos_machine_configuration_apply plan', () => {
  const config = (over: Record<string, unknown> = {}) => ({
    id: null,
    node: '127.0.10.21',
    endpoint: null,
    client_configuration: CLIENT,
    client_configuration_wo: null,
    machine_configuration_input: worker,
    machine_configuration_input_wo: null,
    config_patches: null,
    apply_mode: null,
    resolved_apply_mode: null,
    machine_configuration: null,
    machine_configuration_hash: null,
    on_destroy: null,
    timeouts: null,
    ...over,
  });
  const plan = (cfg: Record<string, unknown>, prior: Record<string, unknown> | null = null) =>
    machineConfigurationApply.plan!({ config: cfg as never, prior: prior as never, planned: cfg as never, ctx });

  test('plans the rendered configuration, its hash, the endpoint and the resolved mode', async () => {
    const res = await plan(config({ config_patches: ['machine:\n  nodeLabels:\n    lab/tier: edge\n'] }));
    const computed = res!.computed!;
    expect(computed.endpoint).toBe('127.0.10.21');
    expect(computed.machine_configuration).toContain('lab/tier: edge');
    expect(computed.machine_configuration_hash).toBe(configurationHash(computed.machine_configuration as string));
    expect(computed.resolved_apply_mode).toBe('auto');
  });

  test('the same input plans the same hash; a different patch a different one', async () => {
    const a = (await plan(config()))!.computed!;
    const b = (await plan(config()))!.computed!;
    const c = (await plan(config({ config_patches: ['machine:\n  nodeLabels:\n    lab/tier: core\n'] })))!.computed!;
    expect(a.machine_configuration_hash).toBe(b.machine_configuration_hash);
    expect(c.machine_configuration_hash).not.toBe(a.machine_configuration_hash);
  });

  test('an input not known yet leaves the configuration to apply time; an explicit endpoint is kept', async () => {
    const res = (await plan(config({ machine_configuration_input: unknown(), endpoint: '127.0.10.11' })))!;
    expect(res.computed).toEqual({});
  });

  test('staged_if_needing_reboot on a new node resolves to auto; an unchanged config keeps its resolution', async () => {
    expect((await plan(config({ apply_mode: 'staged_if_needing_reboot' })))!.computed!.resolved_apply_mode).toBe('auto');
    const rendered = (await plan(config()))!.computed!.machine_configuration;
    // The hash is what both input kinds keep in state, so the comparison is on it.
    const prior = {
      ...config({ apply_mode: 'staged_if_needing_reboot' }),
      machine_configuration: rendered,
      machine_configuration_hash: configurationHash(rendered as string),
      resolved_apply_mode: 'staged',
    };
    expect((await plan(config({ apply_mode: 'staged_if_needing_reboot' }), prior))!.computed!.resolved_apply_mode).toBe('staged');
  });

  describe('write-only input', () => {
    const wo = (over: Record<string, unknown> = {}) =>
      config({ machine_configuration_input: null, machine_configuration_input_wo: worker, client_configuration: null, client_configuration_wo: CLIENT, ...over });

    test('plans the hash of the rendered configuration and no configuration text', async () => {
      const stored = (await plan(config({ config_patches: ['machine:\n  nodeLabels:\n    lab/tier: edge\n'] })))!.computed!;
      const res = (await plan(wo({ config_patches: ['machine:\n  nodeLabels:\n    lab/tier: edge\n'] })))!;
      expect(res.computed!.machine_configuration).toBeNull();
      expect(res.computed!.machine_configuration_hash).toBe(stored.machine_configuration_hash);
      expect(res.unknown).toBeUndefined();
    });

    test('an input not known yet plans the hash and the resolved mode unknown (nothing else shows the change)', async () => {
      const res = (await plan(wo({ machine_configuration_input_wo: unknown() })))!;
      expect(res.computed).toEqual({ endpoint: '127.0.10.21', machine_configuration: null });
      expect(res.unknown).toEqual(['machine_configuration_hash', 'resolved_apply_mode']);
    });

    test('exactly one of each pair; reset on destroy needs the stored credentials', () => {
      const summaries = (cfg: Record<string, unknown>) => (machineConfigurationApply.validate!(cfg as never, { log: ctx.log }) ?? []).map((d) => d.summary);
      expect(summaries(wo())).toEqual([]);
      expect(summaries(config())).toEqual([]);
      expect(summaries(wo({ machine_configuration_input: worker }))).toEqual(['machine_configuration_input and machine_configuration_input_wo are both set']);
      expect(summaries(wo({ client_configuration_wo: null }))).toEqual(['one of client_configuration or client_configuration_wo is required']);
      expect(summaries(wo({ machine_configuration_input_wo: unknown() }))).toEqual([]);
      expect(summaries(wo({ on_destroy: { reset: true, graceful: false, reboot: true } }))).toEqual(['on_destroy.reset needs client_configuration']);
      expect(summaries(config({ client_configuration_wo: null, on_destroy: { reset: true, graceful: false, reboot: true } }))).toEqual([]);
    });
  });

  test('apply_mode is validated', () => {
    const [validate] = machineConfigurationApply.schema.attributes.apply_mode.validators!;
    expect(validate('staged')).toBeUndefined();
    expect(validate('try')).toBe('must be one of auto, reboot, no_reboot, staged, staged_if_needing_reboot; got "try"');
  });
});

describe('talos_machine_bootstrap', () => {
  test('endpoint defaults to node; import takes the node address', async () => {
    expect(machineBootstrap.plan!({ config: { node: '127.0.10.11', endpoint: null } as never, prior: null, planned: {} as never, ctx })).toEqual({ computed: { endpoint: '127.0.10.11' } });
    await expect(machineBootstrap.import!({ id: '127.0.10.11', ctx })).resolves.toEqual({ state: { id: 'machine_bootstrap', node: '127.0.10.11', endpoint: '127.0.10.11' } });
    await expect(machineBootstrap.import!({ id: '127.0.10.12,127.0.10.11:50000', ctx })).resolves.toEqual({
      state: { id: 'machine_bootstrap', node: '127.0.10.12', endpoint: '127.0.10.11:50000' },
    });
    await expect(machineBootstrap.import!({ id: 'a,b,c', ctx })).rejects.toThrow(/import id must be the bootstrapped node's address/);
  });
});

describe('talos_cluster_kubeconfig', () => {
  test('parses the current context of a Talos kubeconfig and the client certificate expiry', async () => {
    const cert = await certExpiringIn(8760 * HOUR);
    const parsed = parseKubeconfig(kubeconfigText(cert));
    expect(parsed).toEqual({
      clusterName: 'lab',
      client: { host: 'https://127.0.10.10:6443', ca_certificate: 'Q0E=', client_certificate: cert, client_key: 'S0VZ' },
    });
    expect(Math.abs(certificateExpiry(cert).getTime() - (Date.now() + 8760 * HOUR))).toBeLessThan(60_000);
    expect(() => parseKubeconfig('apiVersion: v1\nkind: Config\n')).toThrow(/no current-context/);
    expect(() => parseKubeconfig(kubeconfigText(cert).replace('client-key-data', 'other'))).toThrow(/user admin@lab has no client-key-data/);
  });

  test('renewal is due within the window', () => {
    const now = Date.now();
    expect(dueForRenewal(new Date(now + 10 * HOUR), 720 * HOUR, now)).toBe(true);
    expect(dueForRenewal(new Date(now + 800 * HOUR), 720 * HOUR, now)).toBe(false);
  });

  const state = (expiresInMs: number, over: Record<string, unknown> = {}) => ({
    id: 'lab',
    node: '127.0.10.11',
    endpoint: '127.0.10.11',
    client_configuration: CLIENT,
    certificate_renewal_duration: '720h',
    kubeconfig_raw: 'kubeconfig',
    kubernetes_client_configuration: { host: 'https://127.0.10.10:6443', ca_certificate: 'Q0E=', client_certificate: 'x', client_key: 'y' },
    client_certificate_expires_at: new Date(Date.now() + expiresInMs).toISOString(),
    timeouts: null,
    ...over,
  });
  const plan = (config: Record<string, unknown>, prior: Record<string, unknown>) => clusterKubeconfig.plan!({ config: config as never, prior: prior as never, planned: config as never, ctx });
  const FETCHED = ['kubeconfig_raw', 'kubernetes_client_configuration', 'client_certificate_expires_at'];

  test('a certificate expiring within certificate_renewal_duration is planned for renewal (unknown)', () => {
    const prior = state(100 * HOUR);
    const config = { ...prior, endpoint: null, kubeconfig_raw: null, kubernetes_client_configuration: null, client_certificate_expires_at: null, id: null };
    expect(plan(config, prior)).toEqual({ computed: { endpoint: '127.0.10.11' }, unknown: FETCHED });
    expect(plan({ ...config, certificate_renewal_duration: '24h' }, prior)).toEqual({ computed: { endpoint: '127.0.10.11' }, unknown: [] });
    expect(plan(config, state(8000 * HOUR))).toEqual({ computed: { endpoint: '127.0.10.11' }, unknown: [] });
  });

  test('asking another node fetches again', () => {
    const prior = state(8000 * HOUR);
    const config = { ...prior, node: '127.0.10.12', endpoint: null, kubeconfig_raw: null, kubernetes_client_configuration: null, client_certificate_expires_at: null, id: null };
    expect(plan(config, prior)).toEqual({ computed: { endpoint: '127.0.10.12' }, unknown: FETCHED });
  });
});
