/**
 * A lab workload cluster runs with the PKI of a Talos secrets bundle: kubeconfigs signed by the
 * bundle's Kubernetes CA authenticate, others do not; nodes register through kwok.
 */
import { statSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { generateSecretsBundle } from '../../../../providers/machinery/secrets';
import {
  ensureLabBinaries,
  allocateLoopbackPort,
  generateLabClusterPki,
  issueClientCertificate,
  issueServingCertificate,
  kubectl,
  labClusterPkiFromTalosCerts,
  LabKubeClient,
  runKubectl,
  startLabCluster,
  writeKubeconfig,
  type LabCluster,
} from '../../../lab/k8s';
import { BUILD_TIMEOUT_MS, START_TIMEOUT_MS, makeBaseDir, removeBaseDir, withLogs } from './lab-support';

let cluster: LabCluster | undefined;
let baseDir: string | undefined;
let bundle: Awaited<ReturnType<typeof generateSecretsBundle>>;

function workload(): LabCluster {
  if (!cluster) throw new Error('the workload cluster did not start (see the beforeAll error)');
  return cluster;
}

beforeAll(async () => {
  await ensureLabBinaries();
}, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  baseDir = makeBaseDir('workload');
  bundle = await generateSecretsBundle();
  cluster = await startLabCluster({
    name: 'workload',
    role: 'workload',
    baseDir,
    // A second loopback address, as a separate machine's endpoint would be.
    host: '127.0.0.2',
    pki: labClusterPkiFromTalosCerts(bundle.certs),
    // On, to prove the API server can call a webhook served on loopback (the lab default is off).
    disableAdmissionWebhooks: false,
    startTimeoutMs: START_TIMEOUT_MS - 10_000,
  });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await cluster?.stop();
  removeBaseDir(baseDir);
}, 60_000);

describe('lab workload cluster from a Talos secrets bundle', () => {
  test('serves with the bundle CA: the serving certificate chains to certs.k8s', async () => {
    const c = workload();
    expect(c.host).toBe('127.0.0.2');
    expect(c.components).toEqual({ controllerManager: true, scheduler: true, kwok: true });
    // The client trusts only the bundle's CA, so a successful TLS handshake proves the chain.
    const anonymous = await new LabKubeClient({ server: c.server, caPem: bundle.certs.k8s.crt }).raw('GET', '/version');
    expect(anonymous.status).toBe(200);
  });

  test('accepts a kubeconfig signed by the bundle Kubernetes CA and rejects one from another CA', async () => {
    const c = workload();
    await withLogs(c, async () => {
      const trusted = await issueClientCertificate({ certPem: bundle.certs.k8s.crt, keyPem: bundle.certs.k8s.key }, { commonName: 'admin', groups: ['system:masters'] });
      const other = (await generateLabClusterPki()).kubernetesCa;
      const foreign = await issueClientCertificate(other, { commonName: 'admin', groups: ['system:masters'] });

      const good = join(c.dir, 'bundle-admin.kubeconfig');
      const bad = join(c.dir, 'foreign-admin.kubeconfig');
      const base = { name: 'workload', server: c.server, caPem: bundle.certs.k8s.crt };
      writeKubeconfig(good, { ...base, clientCertPem: trusted.certPem, clientKeyPem: trusted.keyPem });
      writeKubeconfig(bad, { ...base, clientCertPem: foreign.certPem, clientKeyPem: foreign.keyPem });

      const namespaces = await kubectl(good, ['get', 'namespaces', '-o', 'name']);
      expect(namespaces.split('\n')).toContain('namespace/kube-system');

      const rejected = await runKubectl(bad, ['get', 'namespaces']);
      expect(rejected.code).not.toBe(0);
      expect(rejected.stderr).toMatch(/Unauthorized|must be logged in/);

      // The same through the raw API: 401 for the foreign certificate, 200 for the bundle's.
      expect((await new LabKubeClient(c.credentials(foreign)).raw('GET', '/api/v1/namespaces')).status).toBe(401);
      expect((await new LabKubeClient(c.credentials(trusted)).raw('GET', '/api/v1/namespaces')).status).toBe(200);
    });
  });

  test('a client certificate without privileges is authenticated but forbidden (RBAC is on)', async () => {
    const c = workload();
    const nobody = await issueClientCertificate(c.pki.kubernetesCa, { commonName: 'nobody' });
    const res = await new LabKubeClient(c.credentials(nobody)).raw('GET', '/api/v1/secrets');
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body).message).toMatch(/User "nobody" cannot list resource "secrets"/);
  });

  test('service-account tokens are signed with the bundle key and accepted', async () => {
    const c = workload();
    await withLogs(c, async () => {
      const client = c.client();
      await client.create('/api/v1/namespaces/default/serviceaccounts', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'lab-sa' } });
      const request = await client.create<{ status: { token: string } }>('/api/v1/namespaces/default/serviceaccounts/lab-sa/token', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenRequest',
        spec: { expirationSeconds: 600 },
      });
      const review = await client.create<{ status: { authenticated?: boolean; user?: { username: string } } }>('/apis/authentication.k8s.io/v1/tokenreviews', {
        apiVersion: 'authentication.k8s.io/v1',
        kind: 'TokenReview',
        spec: { token: request.status.token },
      });
      expect(review.status.authenticated).toBe(true);
      expect(review.status.user?.username).toBe('system:serviceaccount:default:lab-sa');
    });
  });

  test('registers Talos nodes through kwok with providerID, addresses and kubelet version', async () => {
    const c = workload();
    await withLogs(c, async () => {
      await c.registerNodes([
        {
          name: 'talos-cp-1',
          providerID: 'proxmox://4a3e5e1c-0000-4000-8000-000000000001',
          addresses: [
            { type: 'InternalIP', address: '10.10.0.11' },
            { type: 'Hostname', address: 'talos-cp-1' },
          ],
          kubeletVersion: 'v1.36.3',
          osImage: 'Talos (v1.13.9)',
          controlPlane: true,
        },
        { name: 'talos-worker-1', addresses: [{ type: 'InternalIP', address: '10.10.0.21' }] },
      ]);
      const out = JSON.parse(await kubectl(c.kubeconfigPath, ['get', 'node', 'talos-cp-1', '-o', 'json'])) as {
        metadata: { labels: Record<string, string> };
        spec: { providerID: string };
        status: { addresses: Array<{ type: string; address: string }>; conditions: Array<{ type: string; status: string }>; nodeInfo: { kubeletVersion: string; osImage: string } };
      };
      expect(out.spec.providerID).toBe('proxmox://4a3e5e1c-0000-4000-8000-000000000001');
      expect(out.status.addresses).toEqual([
        { type: 'InternalIP', address: '10.10.0.11' },
        { type: 'Hostname', address: 'talos-cp-1' },
      ]);
      expect(out.status.nodeInfo.kubeletVersion).toBe('v1.36.3');
      expect(out.status.nodeInfo.osImage).toBe('Talos (v1.13.9)');
      expect(out.status.conditions.find((cond) => cond.type === 'Ready')?.status).toBe('True');
      expect(out.metadata.labels['node-role.kubernetes.io/control-plane']).toBe('');

      const worker = JSON.parse(await kubectl(c.kubeconfigPath, ['get', 'node', 'talos-worker-1', '-o', 'json'])) as {
        status: { nodeInfo: { kubeletVersion: string } };
      };
      expect(worker.status.nodeInfo.kubeletVersion).toBe(c.kubernetesVersion);

      await c.unregisterNode('talos-worker-1');
      const after = await runKubectl(c.kubeconfigPath, ['get', 'node', 'talos-worker-1']);
      expect(after.stderr).toMatch(/NotFound/);
    });
  }, 120_000);

  test('runs a Talos control plane: the controller-manager gives a new namespace its default ServiceAccount', async () => {
    const c = workload();
    await withLogs(c, async () => {
      const client = c.client();
      await client.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'cm-probe' } });
      const until = Date.now() + 60_000;
      let found = false;
      while (!found && Date.now() < until) {
        found = (await client.raw('GET', '/api/v1/namespaces/cm-probe/serviceaccounts/default')).status === 200;
        if (!found) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found).toBe(true);
    });
  }, 90_000);

  describe('admission webhooks (when enabled)', () => {
    let server: Server | undefined;
    afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

    test('a webhook served on loopback is reached through an ExternalName Service', async () => {
      const c = workload();
      await withLogs(c, async () => {
        // Endpoints and EndpointSlices refuse loopback addresses, but an ExternalName Service may
        // name one; the API server then dials it and checks the certificate for <svc>.<ns>.svc.
        const webhookCa = (await generateLabClusterPki()).kubernetesCa;
        const serving = await issueServingCertificate(webhookCa, 'lab-webhook', { dnsNames: ['lab-webhook.default.svc'], ipAddresses: [] });
        const port = await allocateLoopbackPort(c.host);
        server = createServer({ cert: serving.certPem, key: serving.keyPem }, (req, res) => {
          let body = '';
          req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          req.on('end', () => {
            const review = JSON.parse(body) as { request: { uid: string; object: { metadata: { labels?: Record<string, string> } } } };
            const deny = review.request.object.metadata.labels?.deny === 'yes';
            res.setHeader('content-type', 'application/json');
            res.end(
              JSON.stringify({
                apiVersion: 'admission.k8s.io/v1',
                kind: 'AdmissionReview',
                response: { uid: review.request.uid, allowed: !deny, ...(deny ? { status: { code: 403, message: 'denied by the lab webhook' } } : {}) },
              }),
            );
          });
        });
        await new Promise<void>((resolve) => server?.listen(port, c.host, resolve));

        const client = c.client();
        await client.create('/api/v1/namespaces/default/services', {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'lab-webhook' },
          spec: { type: 'ExternalName', externalName: c.host, ports: [{ port }] },
        });
        await client.create('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'lab-webhook' },
          webhooks: [
            {
              name: 'deny.lab.example.com',
              admissionReviewVersions: ['v1'],
              sideEffects: 'None',
              failurePolicy: 'Fail',
              clientConfig: {
                service: { namespace: 'default', name: 'lab-webhook', port, path: '/validate' },
                caBundle: Buffer.from(webhookCa.certPem).toString('base64'),
              },
              rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }],
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'default' } },
            },
          ],
        });
        const configMap = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels } });
        // The webhook configuration takes effect asynchronously; wait until the webhook denies.
        let denied = { status: 0, body: '' };
        for (let i = 0; i < 50 && denied.status !== 403; i++) {
          denied = await client.raw('POST', '/api/v1/namespaces/default/configmaps?dryRun=All', { body: configMap('denied', { deny: 'yes' }) });
          if (denied.status !== 403) await new Promise((resolve) => setTimeout(resolve, 200));
        }
        expect(denied.status).toBe(403);
        expect(JSON.parse(denied.body).message).toContain('denied by the lab webhook');
        const allowed = await client.raw('POST', '/api/v1/namespaces/default/configmaps', { body: configMap('allowed', { deny: 'no' }) });
        expect(allowed.status).toBe(201);
        await client.json('DELETE', '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/lab-webhook');
      });
    }, 60_000);
  });

  test('the kubeconfig file the launcher wrote is private', () => {
    const c = workload();
    expect(statSync(c.kubeconfigPath).mode & 0o777).toBe(0o600);
  });
});
