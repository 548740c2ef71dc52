/**
 * The Kubernetes REST client against a loopback HTTPS server with its own CA: trust and client
 * certificates, server-side apply requests, pagination, retries of transient answers, and errors
 * that name the server (unreachable) or carry the server's Status (rejected).
 */
import { createServer } from 'node:net';
import { KubeApiError, KubeClient, KubeUnreachableError, ResourceMapper, resourcePath, type ClusterAccess } from '../../../providers/capi/kube';
import { reply, startFakeApiServer, type FakeApiServer } from './support/fake-apiserver';

let api: FakeApiServer;
beforeAll(async () => {
  api = await startFakeApiServer('ptc-test');
});
afterAll(() => api.close());
beforeEach(() => {
  api.requests.length = 0;
});

function access(overrides: Partial<ClusterAccess> = {}): ClusterAccess {
  return {
    server: api.server,
    contextName: 'test',
    caPem: api.caPem,
    insecureSkipTlsVerify: false,
    tlsServerName: undefined,
    auth: { kind: 'certificate', certPem: api.client.certPem, keyPem: api.client.keyPem },
    ...overrides,
  };
}

function client(overrides: Partial<ClusterAccess> = {}, opts: ConstructorParameters<typeof KubeClient>[1] = {}): KubeClient {
  return new KubeClient(access(overrides), opts);
}

test('presents the client certificate and trusts only the given CA', async () => {
  api.handle((_req, res) => reply(res, 200, { gitVersion: 'v1.36.3', major: '1', minor: '36' }));
  const c = client();
  try {
    expect((await c.version()).gitVersion).toBe('v1.36.3');
    expect(api.requests[0].clientCn).toBe('ptc-test');
  } finally {
    c.close();
  }
  const untrusted = client({ caPem: undefined });
  try {
    const err = await untrusted.version().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeUnreachableError);
    expect((err as Error).message).toMatch(new RegExp(`^cannot reach the Kubernetes API server at ${api.server}: .*(not trusted|self-signed)`));
  } finally {
    untrusted.close();
  }
});

test('an unreachable server is named in the error', async () => {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  const c = new KubeClient({ ...access(), server: `https://127.0.0.1:${port}` });
  await expect(c.version()).rejects.toThrow(`cannot reach the Kubernetes API server at https://127.0.0.1:${port}: connection refused`);
  c.close();
});

test('server-side apply sends the object with the field manager and force', async () => {
  api.handle((req, res) => reply(res, 200, JSON.parse(req.body)));
  const c = client();
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'ns' }, data: { a: 'b' } };
  expect(await c.apply('/api/v1/namespaces/ns/configmaps/x', obj, 'ptc-capi')).toEqual(obj);
  const [req] = api.requests;
  expect(req.method).toBe('PATCH');
  expect(req.url).toBe('/api/v1/namespaces/ns/configmaps/x?fieldManager=ptc-capi&force=true');
  expect(req.headers['content-type']).toBe('application/apply-patch+yaml');
  expect(JSON.parse(req.body)).toEqual(obj);
  c.close();
});

test('a rejected request carries the Status reason and message; secrets the server echoes are redacted', async () => {
  api.handle((_req, res) => reply(res, 422, { kind: 'Status', reason: 'Invalid', message: 'spec.token: Invalid value: "hunter22": bad' }));
  const c = client({}, { redact: (t) => t.split('hunter22').join('(sensitive value)') });
  const err = (await c.apply('/api/v1/namespaces/ns/secrets/s', {}, 'm').catch((e: unknown) => e)) as KubeApiError;
  expect(err).toBeInstanceOf(KubeApiError);
  expect(err.status).toBe(422);
  expect(err.reason).toBe('Invalid');
  expect(err.message).toBe(`PATCH ${api.server}/api/v1/namespaces/ns/secrets/s?fieldManager=m&force=true: HTTP 422 Invalid: spec.token: Invalid value: "(sensitive value)": bad`);
  c.close();
});

test('getOptional answers null for 404; delete answers false for an object already gone', async () => {
  api.handle((_req, res) => reply(res, 404, { kind: 'Status', reason: 'NotFound', message: 'not found' }));
  const c = client();
  expect(await c.getOptional('/api/v1/namespaces/x')).toBeNull();
  expect(await c.delete('/api/v1/namespaces/x')).toBe(false);
  expect(JSON.parse(api.requests[1].body)).toEqual({ apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' });
  c.close();
});

test('lists follow continue tokens and pass the label selector', async () => {
  api.handle((req, res) => {
    const url = new URL(req.url, 'https://x');
    const page = url.searchParams.get('continue');
    reply(res, 200, page ? { items: [{ n: 3 }], metadata: {} } : { items: [{ n: 1 }, { n: 2 }], metadata: { continue: 'tok' } });
  });
  const c = client();
  expect(await c.list('/api/v1/configmaps', 'clusterctl.cluster.x-k8s.io')).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  expect(api.requests.map((r) => r.url)).toEqual([
    '/api/v1/configmaps?limit=500&labelSelector=clusterctl.cluster.x-k8s.io',
    '/api/v1/configmaps?limit=500&labelSelector=clusterctl.cluster.x-k8s.io&continue=tok',
  ]);
  await c.listMetadata('/api/v1/configmaps');
  expect(api.requests[2].headers.accept).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json');
  c.close();
});

test('retries 503 and 429, then succeeds; gives up after the attempts', async () => {
  let calls = 0;
  api.handle((_req, res) => {
    calls++;
    if (calls < 3) reply(res, calls === 1 ? 503 : 429, { kind: 'Status', message: 'busy' });
    else reply(res, 200, { ok: true });
  });
  const c = client({}, { attempts: 3 });
  expect(await c.get('/x')).toEqual({ ok: true });
  expect(calls).toBe(3);
  api.handle((_req, res) => reply(res, 503, { kind: 'Status', message: 'still busy' }));
  await expect(c.get('/y')).rejects.toThrow(/HTTP 503: still busy/);
  c.close();
});

test('waits for a webhook the API server cannot reach yet (a provider just installed), within its budget', async () => {
  const unreachable =
    'Internal error occurred: failed calling webhook "validation.proxmoxcluster.infrastructure.cluster.x-k8s.io": failed to call webhook: Post "https://capmox-webhook-service.capmox-system.svc:443/validate?timeout=10s": dial tcp 10.96.0.7:443: connect: connection refused';
  let calls = 0;
  api.handle((_req, res) => {
    calls++;
    if (calls < 3) reply(res, 500, { kind: 'Status', reason: 'InternalError', message: unreachable });
    else reply(res, 201, { ok: true });
  });
  // More webhook failures than transient attempts: the webhook budget, not the attempts, decides.
  const c = client({}, { attempts: 1, webhookWaitMs: 20_000 });
  expect(await c.json('POST', '/x', { body: {} })).toEqual({ ok: true });
  expect(calls).toBe(3);
  // A webhook that stays away fails with the server's message once the budget is spent.
  api.handle((_req, res) => reply(res, 500, { kind: 'Status', reason: 'InternalError', message: unreachable }));
  const short = client({}, { attempts: 2, webhookWaitMs: 1_000 });
  await expect(short.json('POST', '/y', { body: {} })).rejects.toThrow(
    /HTTP 500 InternalError: .*failed calling webhook.*connection refused \(the webhook stayed unreachable for 1 s: check that the provider's Pods are Ready/,
  );
  // A webhook that answers and refuses is no outage: not retried beyond the transient attempts.
  calls = 0;
  api.handle((_req, res) => {
    calls++;
    reply(res, 422, { kind: 'Status', reason: 'Invalid', message: 'admission webhook "validation.proxmoxcluster" denied the request: spec.controlPlaneEndpoint: Invalid value' });
  });
  await expect(c.json('POST', '/z', { body: {} })).rejects.toThrow(/denied the request/);
  expect(calls).toBe(1);
  c.close();
  short.close();
}, 30_000);

test('bearer tokens and exec plugins authenticate with a header', async () => {
  api.handle((_req, res) => reply(res, 200, {}));
  const token = client({ auth: { kind: 'token', token: 'abc' } });
  await token.get('/a');
  expect(api.requests[0].headers.authorization).toBe('Bearer abc');
  token.close();
  const script = `process.stdout.write(JSON.stringify({apiVersion:'client.authentication.k8s.io/v1',kind:'ExecCredential',status:{token:'from-'+process.env.WHO}}))`;
  const exec = client({
    auth: {
      kind: 'exec',
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: ['-e', script], env: [{ name: 'WHO', value: 'plugin' }], provideClusterInfo: false, baseDir: undefined },
    },
  });
  await exec.get('/b');
  await exec.get('/c');
  expect(api.requests.slice(1).map((r) => r.headers.authorization)).toEqual(['Bearer from-plugin', 'Bearer from-plugin']);
  exec.close();
});

test('discovery maps kinds to resources and refetches for kinds added later', async () => {
  let withWidget = false;
  api.handle((req, res) => {
    if (req.url === '/apis/example.com/v1') {
      reply(res, 200, {
        groupVersion: 'example.com/v1',
        resources: [
          { name: 'gadgets', kind: 'Gadget', namespaced: true, verbs: ['get', 'list', 'delete'] },
          { name: 'gadgets/status', kind: 'Gadget', namespaced: true, verbs: ['get'] },
          ...(withWidget ? [{ name: 'widgets', kind: 'Widget', namespaced: false, verbs: ['get'] }] : []),
        ],
      });
    } else reply(res, 404, {});
  });
  const c = client();
  const mapper = new ResourceMapper(c);
  const gadget = await mapper.resolve('example.com/v1', 'Gadget');
  expect(resourcePath(gadget, { namespace: 'ns', name: 'g' })).toBe('/apis/example.com/v1/namespaces/ns/gadgets/g');
  await expect(mapper.resolve('example.com/v1', 'Widget')).rejects.toThrow(/does not serve Widget in example.com\/v1/);
  withWidget = true;
  const widget = await mapper.resolve('example.com/v1', 'Widget');
  expect(resourcePath(widget, { namespace: 'ignored', name: 'w' })).toBe('/apis/example.com/v1/widgets/w');
  c.close();
});
