/**
 * Runs the real Cluster API managers (core, Talos bootstrap and control plane, Proxmox, in-cluster
 * IPAM) as local processes against a lab management cluster whose components are installed:
 * leader election off, health and metrics on loopback, logs under the lab directory, and their
 * admission and conversion webhooks served for real with a lab CA. The API server reaches the
 * webhooks through the Services the components install, via the lab's egress proxy
 * (webhook-egress.ts); a cainjector-like loop keeps the caBundles set (ca-injector.ts).
 *
 * The management API server must run with admission webhooks enabled and `egress.apiServerArgs`.
 * Each manager runs with its installed Deployment's args and env (minus the flags the lab owns),
 * as its ServiceAccount when `identityCa` is given, so the installed RBAC is what it gets.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { isAbsolute, join } from 'node:path';
import { createSelfSignedCertificate, generateKeyPair } from '../../../providers/pki';
import { loadKubeconfigFile } from '../../../providers/capi/kube';
import { LabKubeClient, waitFor } from '../k8s/kube-client';
import { writeKubeconfig } from '../k8s/kubeconfig';
import { issueClientCertificate, issueServingCertificate, type CaPem } from '../k8s/lab-pki';
import { allocateLoopbackPorts, assertLoopbackIPv4 } from '../k8s/loopback';
import { describeExit, ManagedProcess, readLogTail } from '../k8s/processes';
import { ensureLabCapiBinaries, type LabCapiBinaries } from './binaries';
import { injectCaBundles, type InjectionPass } from './ca-injector';
import { argsWithoutLabFlags, LAB_CAPI_MANAGERS, labOwnedFlags, type LabCapiManagerName, type LabCapiManagerSpec } from './managers';
import type { WebhookEgress } from './webhook-egress';

export interface LabCapiControllersOptions {
  /** Kubeconfig of the management cluster (client-certificate auth, as lab kubeconfigs are). */
  readonly kubeconfigPath: string;
  /** Absolute lab directory; `<dir>/capi-controllers` holds certificates, kubeconfigs and logs. */
  readonly dir: string;
  /** The proxy the management API server's "cluster" egress goes through. */
  readonly egress: WebhookEgress;
  /** Loopback address for health and metrics; default 127.0.0.1. */
  readonly host?: string;
  /** Which managers run; default all five. */
  readonly managers?: readonly LabCapiManagerName[];
  /**
   * The management cluster's Kubernetes CA. When given, each manager authenticates as its
   * Deployment's ServiceAccount (a client certificate for that user), so it gets exactly the
   * installed RBAC; otherwise it uses the kubeconfig's identity.
   */
  readonly identityCa?: CaPem;
  /** How often the caBundles are re-checked; default 2 s. */
  readonly injectIntervalMs?: number;
  /** How long the managers may take to report ready; default 180 s. */
  readonly startTimeoutMs?: number;
  /**
   * The CA that signs the webhook serving certificates (and goes into the caBundles); default a
   * new one. Two labs that share it can serve each other's webhooks (see `handOver`).
   */
  readonly webhookCa?: CaPem;
}

export interface LabCapiManager {
  readonly name: LabCapiManagerName;
  readonly namespace: string;
  readonly logPath: string;
  /** http://host:port; serves /healthz and /readyz. */
  readonly healthUrl: string;
  /** http://host:port of the controller-runtime metrics (/metrics). */
  readonly metricsUrl: string;
  readonly webhookPort: number;
  readonly pid: number;
  readonly running: boolean;
}

export interface LabCapiControllers {
  readonly dir: string;
  /** When the managers were launched (ms since the epoch): nothing of Cluster API ran before. */
  readonly startedAt: number;
  /** The lab webhook CA (certificate injected as caBundle, and its key, to share with another lab). */
  readonly webhookCa: CaPem;
  readonly managers: readonly LabCapiManager[];
  /**
   * Stops one manager and sends its webhook traffic to `to` instead: another lab's manager of the
   * same build, with a serving certificate from the same webhook CA. For what a single machine
   * cannot run twice (CAPMOX's webhook port is fixed), e.g. both sides of a `clusterctl move`.
   */
  handOver(name: LabCapiManagerName, to: { readonly host: string; readonly port: number }): Promise<void>;
  /** Runs one injection pass now (e.g. right after a re-install) and returns what it did. */
  injectNow(): Promise<InjectionPass>;
  /** Error entries of a manager's log so far (klog `E` entries with their continuation lines, zap/JSON `error` level). */
  errorLines(name: LabCapiManagerName): string[];
  /** Tunnels the egress proxy refused or lost, and injection problems, for test messages. */
  problems(): string[];
  /** One line per manager: state, pid and log path. */
  describe(): string;
  /** Stops the injection loop and every manager (SIGTERM, then SIGKILL). Idempotent. */
  stop(): Promise<void>;
}

interface Container {
  readonly name: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env?: ReadonlyArray<{
    readonly name: string;
    readonly value?: string;
    readonly valueFrom?: {
      readonly fieldRef?: { readonly fieldPath: string };
      readonly secretKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
      readonly configMapKeyRef?: { readonly name: string; readonly key: string; readonly optional?: boolean };
    };
  }>;
}

interface Deployment {
  readonly spec: { readonly template: { readonly spec: { readonly serviceAccountName?: string; readonly containers: readonly Container[] } } };
}

const MARKER = '.ptc-lab-capi-controllers';
const ERROR_LINE = /^E\d{4} |"level":"error"|\tERROR\t/;

/**
 * Error entries of a manager log: klog `E` lines with their continuation lines (klog writes
 * multi-line values as `key=<` … `>` indented), and zap/JSON error lines.
 */
export function errorEntries(log: string): string[] {
  const entries: string[] = [];
  const lines = log.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!ERROR_LINE.test(lines[i])) continue;
    let entry = lines[i];
    while (i + 1 < lines.length && /^[\t ]/.test(lines[i + 1])) entry += `\n${lines[++i]}`;
    entries.push(entry);
  }
  return entries;
}

function prepareDir(dir: string): void {
  if (existsSync(dir)) {
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes(MARKER)) throw new Error(`${dir} exists and was not created by the lab; choose another lab directory`);
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(join(dir, 'logs'), { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, MARKER), 'created by test/lab/capi; wiped when the controllers start again\n');
}

function validateOptions(options: LabCapiControllersOptions): { host: string; specs: LabCapiManagerSpec[] } {
  if (options === null || typeof options !== 'object') throw new Error('controller options must be an object');
  if (typeof options.kubeconfigPath !== 'string' || !existsSync(options.kubeconfigPath)) {
    throw new Error(`kubeconfigPath must name an existing kubeconfig file, got ${JSON.stringify(options.kubeconfigPath)}`);
  }
  if (typeof options.dir !== 'string' || !isAbsolute(options.dir)) throw new Error(`dir must be an absolute directory path, got ${JSON.stringify(options.dir)}`);
  if (!options.egress || !Array.isArray(options.egress.apiServerArgs)) throw new Error('egress must be the WebhookEgress the API server was started with (startWebhookEgress)');
  const host = options.host ?? '127.0.0.1';
  assertLoopbackIPv4(host, 'host');
  const names = options.managers ?? LAB_CAPI_MANAGERS.map((m) => m.name);
  const specs = names.map((name) => {
    const spec = LAB_CAPI_MANAGERS.find((m) => m.name === name);
    if (!spec) throw new Error(`managers: unknown manager ${JSON.stringify(name)}; known: ${LAB_CAPI_MANAGERS.map((m) => m.name).join(', ')}`);
    return spec;
  });
  if (new Set(names).size !== names.length) throw new Error(`managers lists a manager twice: ${names.join(', ')}`);
  return { host, specs };
}

function clientFor(kubeconfigPath: string): LabKubeClient {
  const access = loadKubeconfigFile(kubeconfigPath);
  if (access.auth.kind !== 'certificate' || access.caPem === undefined) {
    throw new Error(`${kubeconfigPath}: the lab needs a kubeconfig with a client certificate and certificate-authority-data (got ${access.auth.kind} auth)`);
  }
  return new LabKubeClient({ server: access.server, caPem: access.caPem, certPem: access.auth.certPem, keyPem: access.auth.keyPem });
}

async function generateWebhookCa(): Promise<CaPem> {
  const key = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const certPem = await createSelfSignedCertificate(
    {
      subject: { commonName: 'ptc lab webhook CA' },
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 365 * 24 * 3_600_000),
      isCa: true,
      keyUsages: ['digitalSignature', 'certSign'],
      extendedKeyUsages: ['serverAuth'],
    },
    key,
  );
  return { certPem, keyPem: key.privateKeyPem('pkcs8') };
}

/** The env the Deployment gives its manager container, resolved the way the kubelet would. */
async function containerEnv(client: LabKubeClient, spec: LabCapiManagerSpec, container: Container, podName: string, host: string): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const e of container.env ?? []) {
    if (e.value !== undefined) env[e.name] = e.value;
    const from = e.valueFrom;
    if (!from) continue;
    if (from.fieldRef) {
      const value = { 'metadata.namespace': spec.namespace, 'metadata.name': podName, 'metadata.uid': randomUUID(), 'status.podIP': host }[from.fieldRef.fieldPath];
      if (value === undefined) throw new Error(`${spec.namespace}/${spec.deployment}: env ${e.name} uses fieldRef ${from.fieldRef.fieldPath}, which the lab does not resolve`);
      env[e.name] = value;
    }
    const ref = from.secretKeyRef ?? from.configMapKeyRef;
    if (ref) {
      const kind = from.secretKeyRef ? 'secrets' : 'configmaps';
      const res = await client.raw('GET', `/api/v1/namespaces/${spec.namespace}/${kind}/${ref.name}`);
      if (res.status === 404 && ref.optional) continue;
      if (res.status !== 200) throw new Error(`${spec.namespace}/${spec.deployment}: env ${e.name} needs ${kind} ${ref.name} (HTTP ${res.status})`);
      const data = (JSON.parse(res.body) as { data?: Record<string, string> }).data ?? {};
      const raw = data[ref.key];
      if (raw === undefined) {
        if (ref.optional) continue;
        throw new Error(`${spec.namespace}/${spec.deployment}: env ${e.name} needs key ${ref.key} of ${kind} ${ref.name}, which is missing`);
      }
      // Secret values go only into the manager's environment, the process the Secret is for.
      env[e.name] = from.secretKeyRef ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    }
  }
  return env;
}

function httpGet(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${url} timed out`)));
    req.on('error', reject);
    req.end();
  });
}

/** True when something accepts connections on host:port (a port a manager cannot choose must be free). */
function portTaken(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

interface Running {
  readonly spec: LabCapiManagerSpec;
  readonly proc: ManagedProcess;
  readonly healthUrl: string;
  readonly metricsUrl: string;
  readonly webhookPort: number;
}

/** Starts the managers and the injection loop; resolves once every manager reports ready. */
export async function startLabCapiControllers(options: LabCapiControllersOptions): Promise<LabCapiControllers> {
  const { host, specs } = validateOptions(options);
  const bin: LabCapiBinaries = await ensureLabCapiBinaries();
  const client = clientFor(options.kubeconfigPath);
  const access = loadKubeconfigFile(options.kubeconfigPath);
  const dir = join(options.dir, 'capi-controllers');
  prepareDir(dir);

  // Read every Deployment first: a missing install fails before anything starts.
  const deployments = new Map<LabCapiManagerName, { deployment: Deployment; container: Container }>();
  for (const spec of specs) {
    const res = await client.raw('GET', `/apis/apps/v1/namespaces/${spec.namespace}/deployments/${spec.deployment}`);
    if (res.status === 404) {
      throw new Error(`Deployment ${spec.namespace}/${spec.deployment} not found on ${access.server}: install the ${spec.providerLabel} components first`);
    }
    if (res.status !== 200) throw new Error(`reading Deployment ${spec.namespace}/${spec.deployment}: HTTP ${res.status}: ${res.body.slice(0, 300)}`);
    const deployment = JSON.parse(res.body) as Deployment;
    const container = deployment.spec.template.spec.containers.find((c) => c.name === 'manager');
    if (!container) throw new Error(`Deployment ${spec.namespace}/${spec.deployment} has no container named manager`);
    deployments.set(spec.name, { deployment, container });
  }
  for (const spec of specs) {
    if ('fixedPort' in spec.webhook && (await portTaken(host, spec.webhook.fixedPort))) {
      throw new Error(`port ${spec.webhook.fixedPort} is in use, and the ${spec.name} manager hard-codes its webhook port; stop the other ${spec.name} (another lab?) first`);
    }
  }

  const webhookCa = options.webhookCa ?? (await generateWebhookCa());
  writeFileSync(join(dir, 'webhook-ca.crt'), webhookCa.certPem);
  const namespaces = new Set(specs.map((s) => s.namespace));
  const problems: string[] = [];
  const problem = (line: string): void => {
    problems.push(`${new Date().toISOString()} ${line}`);
    if (problems.length > 200) problems.shift();
  };
  let services: ReadonlySet<string> = new Set();
  const serviceIps = new Map<string, string>(); // clusterIP -> namespace/name

  const injectNow = async (): Promise<InjectionPass> => {
    const pass = await injectCaBundles(client, webhookCa.certPem, namespaces);
    services = pass.services;
    for (const p of pass.pending) problem(`caBundle not set on ${p}; retrying`);
    return pass;
  };
  await injectNow();

  const running: Running[] = [];
  const byNamespace = new Map<string, Running>();
  const handedOver = new Map<string, { host: string; port: number }>();
  const refreshServiceIps = async (): Promise<void> => {
    for (const key of services) {
      const [ns, name] = key.split('/');
      const res = await client.raw('GET', `/api/v1/namespaces/${ns}/services/${name}`);
      if (res.status !== 200) continue;
      const ip = (JSON.parse(res.body) as { spec?: { clusterIP?: string } }).spec?.clusterIP;
      if (ip && ip !== 'None') serviceIps.set(ip, key);
    }
  };
  options.egress.setResolver(async (targetHost) => {
    if (!serviceIps.has(targetHost)) await refreshServiceIps();
    const key = serviceIps.get(targetHost);
    if (!key || !services.has(key)) return undefined;
    const namespace = key.split('/')[0];
    const elsewhere = handedOver.get(namespace);
    if (elsewhere) return elsewhere;
    const target = byNamespace.get(namespace);
    return target && target.proc.running ? { host, port: target.webhookPort } : undefined;
  });

  let timer: NodeJS.Timeout | undefined;
  let stopped: Promise<void> | undefined;
  const stopAll = async (): Promise<void> => {
    if (timer) clearInterval(timer);
    options.egress.setResolver(undefined);
    await Promise.all(running.map((r) => r.proc.stop()));
  };

  const startedAt = Date.now();
  try {
    // A port is free when allocated but only taken when the manager binds it, and the webhook
    // servers bind every interface: another process may take it in between. A manager that exits
    // for a taken address is started again on new ports.
    const launch = async (spec: LabCapiManagerSpec): Promise<Running> => {
      const { deployment, container } = deployments.get(spec.name)!;
      const mdir = join(dir, spec.name);
      const tmp = join(mdir, 'tmp');
      mkdirSync(tmp, { recursive: true, mode: 0o700 });
      const [healthPort, metricsPort, allocatedWebhookPort] = await allocateLoopbackPorts(host, 3);
      const webhookPort = 'fixedPort' in spec.webhook ? spec.webhook.fixedPort : allocatedWebhookPort;
      const certDir = 'fixedPort' in spec.webhook ? join(tmp, 'k8s-webhook-server', 'serving-certs') : join(mdir, 'serving-certs');
      mkdirSync(certDir, { recursive: true, mode: 0o700 });

      // The serving certificate names every Service of the namespace, as cert-manager's
      // Certificate does for the webhook Service (<svc>.<ns>.svc is what the API server checks).
      const svcList = await client.get<{ items: Array<{ metadata: { name: string } }> }>(`/api/v1/namespaces/${spec.namespace}/services`);
      const dnsNames = svcList.items.flatMap((s) => [`${s.metadata.name}.${spec.namespace}.svc`, `${s.metadata.name}.${spec.namespace}.svc.cluster.local`]);
      const serving = await issueServingCertificate(webhookCa, `${spec.name}-webhook`, { dnsNames, ipAddresses: [host] });
      writeFileSync(join(certDir, 'tls.crt'), serving.certPem, { mode: 0o600 });
      writeFileSync(join(certDir, 'tls.key'), serving.keyPem, { mode: 0o600 });

      let kubeconfig = options.kubeconfigPath;
      if (options.identityCa) {
        const sa = deployment.spec.template.spec.serviceAccountName ?? 'default';
        const identity = await issueClientCertificate(options.identityCa, {
          commonName: `system:serviceaccount:${spec.namespace}:${sa}`,
          groups: ['system:serviceaccounts', `system:serviceaccounts:${spec.namespace}`],
        });
        kubeconfig = join(mdir, 'kubeconfig');
        writeKubeconfig(kubeconfig, {
          name: spec.name,
          server: access.server,
          caPem: access.caPem!,
          clientCertPem: identity.certPem,
          clientKeyPem: identity.keyPem,
          userName: sa,
        });
      }

      const podName = `${spec.deployment}-lab`;
      const env = { ...(await containerEnv(client, spec, container, podName, host)), KUBECONFIG: kubeconfig, TMPDIR: tmp };
      const deploymentArgs = [...(container.command ?? []).slice(1), ...(container.args ?? [])];
      const args = [
        ...argsWithoutLabFlags(deploymentArgs, labOwnedFlags(spec)),
        `${spec.leaderElectFlag}=false`,
        `${spec.healthFlag}=${host}:${healthPort}`,
        `--diagnostics-address=${host}:${metricsPort}`,
        '--insecure-diagnostics=true',
        ...('portFlag' in spec.webhook ? [`${spec.webhook.portFlag}=${webhookPort}`, `${spec.webhook.certDirFlag}=${certDir}`] : []),
      ];
      writeFileSync(join(mdir, 'args'), `${[spec.binary(bin), ...args].join('\n')}\n`);
      const proc = await ManagedProcess.start({ name: `capi-${spec.name}`, command: spec.binary(bin), args, logPath: join(dir, 'logs', `${spec.name}.log`), cwd: mdir, env });
      const r: Running = { spec, proc, healthUrl: `http://${host}:${healthPort}`, metricsUrl: `http://${host}:${metricsPort}`, webhookPort };
      byNamespace.set(spec.namespace, r);
      return r;
    };
    for (const spec of specs) running.push(await launch(spec));

    const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
    const ready = async (index: number, attempt: number): Promise<void> => {
      const r = running[index];
      let portTakenExit = false;
      try {
        await waitFor(`the ${r.spec.name} manager to answer ${r.healthUrl}/readyz with 200`, async () => (await httpGet(`${r.healthUrl}/readyz`, 5000)).status === 200, {
          timeoutMs: Math.max(1, deadline - Date.now()),
          intervalMs: 500,
          abort: () => {
            if (!r.proc.exit) return undefined;
            portTakenExit = /bind: address already in use/.test(r.proc.logTail(3000));
            return `${r.spec.name} ${describeExit(r.proc.exit)}; log ${r.proc.logPath}:\n${r.proc.logTail(3000)}`;
          },
        });
      } catch (err) {
        if (!portTakenExit || attempt >= 3) throw err;
        running[index] = await launch(r.spec);
        await ready(index, attempt + 1);
      }
    };
    await Promise.all(running.map((_, i) => ready(i, 1)));
  } catch (err) {
    await stopAll();
    throw new Error(`the lab Cluster API managers failed to start: ${(err as Error).message}`);
  }

  const interval = options.injectIntervalMs ?? 2000;
  let busy = false;
  timer = setInterval(() => {
    if (busy) return;
    busy = true;
    injectNow()
      .catch((err: unknown) => problem(`injection pass failed: ${(err as Error).message}`))
      .finally(() => {
        busy = false;
      });
  }, interval);
  timer.unref();

  return {
    dir,
    startedAt,
    webhookCa,
    async handOver(name, to) {
      const r = running.find((x) => x.spec.name === name);
      if (!r) throw new Error(`manager ${name} is not running in this lab`);
      assertLoopbackIPv4(to.host, 'handOver host');
      handedOver.set(r.spec.namespace, { host: to.host, port: to.port });
      await r.proc.stop();
    },
    managers: running.map((r) => ({
      name: r.spec.name,
      namespace: r.spec.namespace,
      logPath: r.proc.logPath,
      healthUrl: r.healthUrl,
      metricsUrl: r.metricsUrl,
      webhookPort: r.webhookPort,
      pid: r.proc.pid,
      get running() {
        return r.proc.running;
      },
    })),
    injectNow,
    errorLines: (name) => {
      const r = running.find((x) => x.spec.name === name);
      if (!r) throw new Error(`manager ${name} is not running in this lab`);
      return errorEntries(readFileSync(r.proc.logPath, 'utf8'));
    },
    problems: () => [...problems, ...options.egress.failures()],
    describe: () =>
      running.map((r) => `${r.spec.name}: ${r.proc.exit ? describeExit(r.proc.exit) : 'running'} (pid ${r.proc.pid}); log ${r.proc.logPath}\n${readLogTail(r.proc.logPath, 1500)}`).join('\n'),
    stop: () => (stopped ??= stopAll()),
  };
}
