/**
 * A lab management cluster (real etcd, kube-apiserver, controller-manager, scheduler, kwok) serves
 * the Cluster API CRDs with real schema validation and runs Deployments to Available.
 */
import { execFileSync } from 'node:child_process';
import { ensureLabBinaries, kubectl, runKubectl, startLabCluster, waitForCrdsEstablished, type LabCluster } from '../../../lab/k8s';
import { BUILD_TIMEOUT_MS, START_TIMEOUT_MS, listCrdFixtures, makeBaseDir, removeBaseDir, withLogs } from './lab-support';

let cluster: LabCluster | undefined;
let baseDir: string | undefined;

function mgmt(): LabCluster {
  if (!cluster) throw new Error('the management cluster did not start (see the beforeAll error)');
  return cluster;
}

beforeAll(async () => {
  await ensureLabBinaries();
}, BUILD_TIMEOUT_MS);

beforeAll(async () => {
  baseDir = makeBaseDir('mgmt');
  cluster = await startLabCluster({ name: 'mgmt', role: 'management', baseDir, startTimeoutMs: START_TIMEOUT_MS - 10_000 });
}, START_TIMEOUT_MS);

afterAll(async () => {
  await cluster?.stop();
  removeBaseDir(baseDir);
}, 60_000);

describe('lab management cluster', () => {
  test('serves v1.36.3 on loopback and kubectl works with the admin kubeconfig', async () => {
    const c = mgmt();
    await withLogs(c, async () => {
      expect(c.server).toMatch(/^https:\/\/127\.\d+\.\d+\.\d+:\d+$/);
      expect(c.kubernetesVersion).toBe('v1.36.3');
      const version = JSON.parse(await kubectl(c.kubeconfigPath, ['version', '-o', 'json'])) as { serverVersion: { gitVersion: string } };
      expect(version.serverVersion.gitVersion).toBe('v1.36.3');
      expect((await kubectl(c.kubeconfigPath, ['get', '--raw', '/readyz'])).trim()).toBe('ok');
      const whoami = JSON.parse(await kubectl(c.kubeconfigPath, ['auth', 'whoami', '-o', 'json'])) as {
        status: { userInfo: { username: string; groups: string[] } };
      };
      expect(whoami.status.userInfo.username).toBe('admin');
      expect(whoami.status.userInfo.groups).toContain('system:masters');
    });
  });

  test('has a kwok node that is Ready and reports the kubelet version', async () => {
    const c = mgmt();
    await withLogs(c, async () => {
      const nodes = JSON.parse(await kubectl(c.kubeconfigPath, ['get', 'nodes', '-o', 'json'])) as {
        items: Array<{ metadata: { name: string }; status: { conditions: Array<{ type: string; status: string }>; nodeInfo: { kubeletVersion: string } } }>;
      };
      expect(nodes.items.map((n) => n.metadata.name)).toEqual(['mgmt-node-0']);
      const [node] = nodes.items;
      expect(node.status.conditions.find((cond) => cond.type === 'Ready')?.status).toBe('True');
      expect(node.status.nodeInfo.kubeletVersion).toBe('v1.36.3');
    });
  });

  test('every fixture CRD applies and becomes Established', async () => {
    const c = mgmt();
    const fixtures = listCrdFixtures();
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    await withLogs(c, async () => {
      // Server-side apply: several CRDs exceed the 256 KiB last-applied annotation of client-side apply.
      for (const file of new Set(fixtures.map((f) => f.file))) {
        await kubectl(c.kubeconfigPath, ['apply', '--server-side', '--field-manager=ptc-lab-test', '-f', file]);
      }
      await waitForCrdsEstablished(
        c.kubeconfigPath,
        fixtures.map((f) => f.name),
      );
      const list = await c
        .client()
        .get<{ items: Array<{ metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } }> }>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
      const established = new Set(list.items.filter((crd) => crd.status?.conditions?.some((cond) => cond.type === 'Established' && cond.status === 'True')).map((crd) => crd.metadata.name));
      for (const f of fixtures) expect(established).toContain(f.name);
    });
  }, 240_000);

  describe('CRD schema validation by the real server', () => {
    const ipAddress = (spec: Record<string, unknown>): Record<string, unknown> => ({
      apiVersion: 'ipam.cluster.x-k8s.io/v1beta2',
      kind: 'IPAddress',
      metadata: { name: 'lab-ip', namespace: 'default' },
      spec,
    });
    const validSpec = {
      address: '10.0.0.10',
      prefix: 24,
      claimRef: { name: 'lab-claim' },
      poolRef: { apiGroup: 'ipam.cluster.x-k8s.io', kind: 'InClusterIPPool', name: 'lab-pool' },
    };
    const create = (obj: Record<string, unknown>) => mgmt().client().raw('POST', '/apis/ipam.cluster.x-k8s.io/v1beta2/namespaces/default/ipaddresses?dryRun=All', { body: obj });

    test('a valid IPAddress is accepted (dry run)', async () => {
      const res = await create(ipAddress(validSpec));
      expect(res.status).toBe(201);
    });

    test('a missing required field is rejected', async () => {
      const { address: _omitted, ...withoutAddress } = validSpec;
      const res = await create(ipAddress(withoutAddress));
      expect(res.status).toBe(422);
      const status = JSON.parse(res.body) as { reason: string; message: string };
      expect(status.reason).toBe('Invalid');
      expect(status.message).toMatch(/spec\.address: Required value/);
    });

    test('a wrong type and an out-of-range value are rejected', async () => {
      const wrongType = await create(ipAddress({ ...validSpec, prefix: '24' }));
      expect(wrongType.status).toBe(422);
      expect(JSON.parse(wrongType.body).message).toMatch(/spec\.prefix: Invalid value: "string": spec\.prefix in body must be of type integer/);
      const tooLarge = await create(ipAddress({ ...validSpec, prefix: 129 }));
      expect(tooLarge.status).toBe(422);
      expect(JSON.parse(tooLarge.body).message).toMatch(/spec\.prefix: Invalid value: 129: spec\.prefix in body should be less than or equal to 128/);
    });

    test('kubectl reports a rejected Cluster with its field error', async () => {
      const manifest = JSON.stringify({
        apiVersion: 'cluster.x-k8s.io/v1beta2',
        kind: 'Cluster',
        metadata: { name: 'bad', namespace: 'default' },
        spec: { paused: 'yes' },
      });
      const res = await runKubectl(mgmt().kubeconfigPath, ['create', '--dry-run=server', '-f', '-'], { input: manifest });
      expect(res.code).not.toBe(0);
      expect(res.stderr).toMatch(/spec\.paused: Invalid value: "string": spec\.paused in body must be of type boolean/);
    });
  });

  test('admission webhooks are not called (the plugins are disabled)', async () => {
    const c = mgmt();
    await withLogs(c, async () => {
      // A webhook that would reject every ConfigMap (its Service does not exist, failurePolicy Fail).
      await c.client().create('/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations', {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        metadata: { name: 'lab-unreachable' },
        webhooks: [
          {
            name: 'unreachable.lab.example.com',
            admissionReviewVersions: ['v1'],
            sideEffects: 'None',
            failurePolicy: 'Fail',
            clientConfig: { service: { namespace: 'default', name: 'missing', port: 443 } },
            rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'] }],
          },
        ],
      });
      const res = await c.client().raw('POST', '/api/v1/namespaces/default/configmaps', {
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'passes-webhook' }, data: { a: 'b' } },
      });
      expect(res.status).toBe(201);
    });
  });

  test('a Deployment becomes Available on the kwok node', async () => {
    const c = mgmt();
    await withLogs(c, async () => {
      const manifest = JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'lab-web', namespace: 'default' },
        spec: {
          replicas: 2,
          selector: { matchLabels: { app: 'lab-web' } },
          template: {
            metadata: { labels: { app: 'lab-web' } },
            spec: { containers: [{ name: 'web', image: 'registry.example.invalid/web:1.0' }] },
          },
        },
      });
      await kubectl(c.kubeconfigPath, ['apply', '-f', '-'], { input: manifest });
      await kubectl(c.kubeconfigPath, ['wait', '--for=condition=Available', '--timeout=120s', 'deployment/lab-web'], { timeoutMs: 150_000 });
      const pods = JSON.parse(await kubectl(c.kubeconfigPath, ['get', 'pods', '-l', 'app=lab-web', '-o', 'json'])) as {
        items: Array<{ spec: { nodeName: string }; status: { phase: string; podIP?: string } }>;
      };
      expect(pods.items).toHaveLength(2);
      for (const pod of pods.items) {
        expect(pod.spec.nodeName).toBe('mgmt-node-0');
        expect(pod.status.phase).toBe('Running');
        expect(pod.status.podIP).toMatch(/^10\.244\./);
      }
    });
  }, 180_000);

  test('stop() ends every process group it started', async () => {
    const c = mgmt();
    const groups = Object.values(c.processGroups());
    expect(groups.length).toBe(5);
    await c.stop();
    const alive = execFileSync('ps', ['-eo', 'pgid='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => Number(line.trim()))
      .filter((pgid) => groups.includes(pgid));
    expect(alive).toEqual([]);
  }, 60_000);
});
