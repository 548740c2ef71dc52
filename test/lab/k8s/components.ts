/**
 * The components of a lab cluster and how each is started: the flags (modelled on how Talos and
 * kubeadm run them, bound to one loopback address), the files they read, and the probe that says
 * each is up. Used by cluster.ts, which owns the lifecycle.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabBinaries } from './binaries';
import type { ResolvedLabClusterOptions } from './cluster-options';
import { writeKubeconfig } from './kubeconfig';
import { LabKubeClient, waitFor } from './kube-client';
import { FRONT_PROXY_CLIENT_NAME, type CertKeyPem, type LabClusterCertificates, type LabClusterPki } from './lab-pki';
import { KWOK_NODE_ANNOTATION, KWOK_NODE_ANNOTATION_VALUE } from './node-spec';
import { describeExit, ManagedProcess } from './processes';

export type LabComponentName = 'etcd' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kwok';

export interface LabClusterPorts {
  readonly apiServer: number;
  readonly etcdClient: number;
  readonly etcdPeer: number;
  /** Present when the component runs. */
  readonly controllerManager?: number;
  readonly scheduler?: number;
}

export interface ClusterFiles {
  readonly dir: string;
  readonly pkiDir: string;
  readonly logsDir: string;
  readonly etcdData: string;
  readonly home: string;
}

function writePem(files: ClusterFiles, name: string, pem: string): string {
  const path = join(files.pkiDir, name);
  writeFileSync(path, pem, { mode: 0o600 });
  return path;
}

function writePair(files: ClusterFiles, name: string, pair: CertKeyPem): { cert: string; key: string } {
  return { cert: writePem(files, `${name}.crt`, pair.certPem), key: writePem(files, `${name}.key`, pair.keyPem) };
}

export interface ComponentContext {
  readonly opts: ResolvedLabClusterOptions;
  readonly bin: LabBinaries;
  readonly files: ClusterFiles;
  readonly pki: LabClusterPki;
  readonly certs: LabClusterCertificates;
  readonly ports: LabClusterPorts;
  readonly server: string;
  readonly processes: Map<LabComponentName, ManagedProcess>;
  readonly logs: Partial<Record<LabComponentName, string>>;
}

async function startComponent(ctx: ComponentContext, name: LabComponentName, command: string, args: string[]): Promise<ManagedProcess> {
  const logPath = join(ctx.files.logsDir, `${name}.log`);
  ctx.logs[name] = logPath;
  const proc = await ManagedProcess.start({ name, command, args, logPath, cwd: ctx.files.dir, env: { HOME: ctx.files.home } });
  ctx.processes.set(name, proc);
  return proc;
}

/** A reason to stop waiting when the component has died. */
function exitedReason(proc: ManagedProcess): () => string | undefined {
  return () => (proc.exit ? `${proc.name} ${describeExit(proc.exit)}; log ${proc.logPath}:\n${proc.logTail(3000)}` : undefined);
}

export async function startEtcd(ctx: ComponentContext, deadline: number): Promise<void> {
  const { host } = ctx.opts;
  const server = writePair(ctx.files, 'etcd-server', ctx.certs.etcdServer);
  const ca = writePem(ctx.files, 'etcd-ca.crt', ctx.pki.etcdCa.certPem);
  const clientUrl = `https://${host}:${ctx.ports.etcdClient}`;
  const peerUrl = `https://${host}:${ctx.ports.etcdPeer}`;
  const proc = await startComponent(ctx, 'etcd', ctx.bin.etcd, [
    `--name=${ctx.opts.name}`,
    `--data-dir=${ctx.files.etcdData}`,
    `--listen-client-urls=${clientUrl}`,
    `--advertise-client-urls=${clientUrl}`,
    `--listen-peer-urls=${peerUrl}`,
    `--initial-advertise-peer-urls=${peerUrl}`,
    `--initial-cluster=${ctx.opts.name}=${peerUrl}`,
    '--initial-cluster-state=new',
    `--cert-file=${server.cert}`,
    `--key-file=${server.key}`,
    `--trusted-ca-file=${ca}`,
    '--client-cert-auth=true',
    `--peer-cert-file=${server.cert}`,
    `--peer-key-file=${server.key}`,
    `--peer-trusted-ca-file=${ca}`,
    '--peer-client-cert-auth=true',
    // A lab cluster is disposable: skipping fsync keeps the shared disk out of the critical path.
    '--unsafe-no-fsync=true',
    '--log-level=warn',
  ]);
  const etcdClient = new LabKubeClient({
    server: clientUrl,
    caPem: ctx.pki.etcdCa.certPem,
    certPem: ctx.certs.apiServerEtcdClient.certPem,
    keyPem: ctx.certs.apiServerEtcdClient.keyPem,
  });
  await waitFor(
    `etcd of ${ctx.opts.name} to report healthy at ${clientUrl}/health`,
    async () => {
      const res = await etcdClient.raw('GET', '/health', { timeoutMs: 5000 });
      return res.status === 200 && (JSON.parse(res.body) as { health?: string }).health === 'true';
    },
    // etcd is up within a second or so: look often, the API server waits on it.
    { timeoutMs: Math.max(1, deadline - Date.now()), abort: exitedReason(proc), intervalMs: 50 },
  );
}

function apiServerArgs(ctx: ComponentContext): string[] {
  const { opts, files, pki, certs } = ctx;
  const k8sCa = writePem(files, 'kubernetes-ca.crt', pki.kubernetesCa.certPem);
  const aggregatorCa = writePem(files, 'aggregator-ca.crt', pki.aggregatorCa.certPem);
  const etcdCa = join(files.pkiDir, 'etcd-ca.crt');
  const serving = writePair(files, 'apiserver', certs.apiServerServing);
  const etcdClient = writePair(files, 'apiserver-etcd-client', certs.apiServerEtcdClient);
  const kubeletClient = writePair(files, 'apiserver-kubelet-client', certs.apiServerKubeletClient);
  const frontProxy = writePair(files, 'front-proxy-client', certs.frontProxyClient);
  const saKey = writePem(files, 'service-account.key', pki.serviceAccountKeyPem);
  const disabled = opts.disableAdmissionWebhooks ? ['ValidatingAdmissionWebhook', 'MutatingAdmissionWebhook'] : [];
  return [
    `--bind-address=${opts.host}`,
    `--advertise-address=${opts.host}`,
    `--secure-port=${ctx.ports.apiServer}`,
    `--etcd-servers=https://${opts.host}:${ctx.ports.etcdClient}`,
    `--etcd-cafile=${etcdCa}`,
    `--etcd-certfile=${etcdClient.cert}`,
    `--etcd-keyfile=${etcdClient.key}`,
    `--tls-cert-file=${serving.cert}`,
    `--tls-private-key-file=${serving.key}`,
    `--client-ca-file=${k8sCa}`,
    `--kubelet-client-certificate=${kubeletClient.cert}`,
    `--kubelet-client-key=${kubeletClient.key}`,
    `--requestheader-client-ca-file=${aggregatorCa}`,
    `--requestheader-allowed-names=${FRONT_PROXY_CLIENT_NAME}`,
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    `--proxy-client-cert-file=${frontProxy.cert}`,
    `--proxy-client-key-file=${frontProxy.key}`,
    `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
    `--service-account-key-file=${saKey}`,
    `--service-account-signing-key-file=${saKey}`,
    `--service-cluster-ip-range=${opts.serviceClusterIpRange}`,
    '--authorization-mode=Node,RBAC',
    '--enable-bootstrap-token-auth=true',
    '--enable-admission-plugins=NodeRestriction',
    ...(disabled.length > 0 ? [`--disable-admission-plugins=${disabled.join(',')}`] : []),
    ...(opts.enableAggregatorRouting ? ['--enable-aggregator-routing=true'] : []),
    '--allow-privileged=true',
    // The default reconciler publishes the advertise address as the `kubernetes` Endpoints, and
    // Endpoints may not hold loopback addresses, so it would fail forever on a loopback lab.
    '--endpoint-reconciler-type=none',
    '--profiling=false',
    ...opts.extraApiServerArgs,
  ];
}

export async function startApiServer(ctx: ComponentContext, deadline: number): Promise<string> {
  const proc = await startComponent(ctx, 'kube-apiserver', ctx.bin.kubeApiserver, apiServerArgs(ctx));
  const client = adminClient(ctx);
  await waitFor(`kube-apiserver of ${ctx.opts.name} to answer ${ctx.server}/readyz with 200`, async () => (await client.raw('GET', '/readyz', { timeoutMs: 5000 })).status === 200, {
    timeoutMs: Math.max(1, deadline - Date.now()),
    abort: exitedReason(proc),
    intervalMs: 100,
  });
  const version = await client.get<{ gitVersion: string }>('/version');
  return version.gitVersion;
}

export function adminClient(ctx: ComponentContext): LabKubeClient {
  return new LabKubeClient({
    server: ctx.server,
    caPem: ctx.pki.kubernetesCa.certPem,
    certPem: ctx.certs.admin.certPem,
    keyPem: ctx.certs.admin.keyPem,
  });
}

function componentKubeconfig(ctx: ComponentContext, file: string, user: string, creds: CertKeyPem): string {
  const path = join(ctx.files.dir, file);
  writeKubeconfig(path, {
    name: ctx.opts.name,
    server: ctx.server,
    caPem: ctx.pki.kubernetesCa.certPem,
    clientCertPem: creds.certPem,
    clientKeyPem: creds.keyPem,
    userName: user,
  });
  return path;
}

/** Waits for a component's /healthz, served with a certificate from the cluster's CA. */
async function waitHealthz(ctx: ComponentContext, proc: ManagedProcess, port: number, deadline: number): Promise<void> {
  const client = new LabKubeClient({
    server: `https://${ctx.opts.host}:${port}`,
    caPem: ctx.pki.kubernetesCa.certPem,
    certPem: ctx.certs.admin.certPem,
    keyPem: ctx.certs.admin.keyPem,
  });
  await waitFor(`${proc.name} of ${ctx.opts.name} to answer /healthz with 200`, async () => (await client.raw('GET', '/healthz', { timeoutMs: 5000 })).status === 200, {
    timeoutMs: Math.max(1, deadline - Date.now()),
    abort: exitedReason(proc),
  });
}

export async function startControllerManager(ctx: ComponentContext, deadline: number): Promise<void> {
  const { opts, files, pki } = ctx;
  const port = ctx.ports.controllerManager as number;
  const kubeconfig = componentKubeconfig(ctx, 'controller-manager.kubeconfig', 'system:kube-controller-manager', ctx.certs.controllerManager);
  const serving = writePair(files, 'controller-manager-serving', ctx.certs.controllerManagerServing);
  const caKey = writePem(files, 'kubernetes-ca.key', pki.kubernetesCa.keyPem);
  const proc = await startComponent(ctx, 'kube-controller-manager', ctx.bin.kubeControllerManager, [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    `--bind-address=${opts.host}`,
    `--secure-port=${port}`,
    `--tls-cert-file=${serving.cert}`,
    `--tls-private-key-file=${serving.key}`,
    '--leader-elect=false',
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${join(files.pkiDir, 'service-account.key')}`,
    `--root-ca-file=${join(files.pkiDir, 'kubernetes-ca.crt')}`,
    `--cluster-signing-cert-file=${join(files.pkiDir, 'kubernetes-ca.crt')}`,
    `--cluster-signing-key-file=${caKey}`,
    `--cluster-name=${opts.name}`,
    `--service-cluster-ip-range=${opts.serviceClusterIpRange}`,
    '--controllers=*,bootstrapsigner,tokencleaner',
    '--profiling=false',
  ]);
  await waitHealthz(ctx, proc, port, deadline);
  // Pods are only admitted once their namespace's `default` ServiceAccount exists.
  const client = adminClient(ctx);
  await waitFor(
    `the controller-manager of ${opts.name} to create the default ServiceAccount`,
    async () => (await client.raw('GET', '/api/v1/namespaces/default/serviceaccounts/default')).status === 200,
    { timeoutMs: Math.max(1, deadline - Date.now()), abort: exitedReason(proc) },
  );
}

export async function startScheduler(ctx: ComponentContext, deadline: number): Promise<void> {
  const port = ctx.ports.scheduler as number;
  const kubeconfig = componentKubeconfig(ctx, 'scheduler.kubeconfig', 'system:kube-scheduler', ctx.certs.scheduler);
  const serving = writePair(ctx.files, 'scheduler-serving', ctx.certs.schedulerServing);
  const proc = await startComponent(ctx, 'kube-scheduler', ctx.bin.kubeScheduler, [
    `--kubeconfig=${kubeconfig}`,
    `--authentication-kubeconfig=${kubeconfig}`,
    `--authorization-kubeconfig=${kubeconfig}`,
    `--bind-address=${ctx.opts.host}`,
    `--secure-port=${port}`,
    `--tls-cert-file=${serving.cert}`,
    `--tls-private-key-file=${serving.key}`,
    '--leader-elect=false',
    '--profiling=false',
  ]);
  await waitHealthz(ctx, proc, port, deadline);
}

export async function startKwok(ctx: ComponentContext): Promise<void> {
  const kubeconfig = componentKubeconfig(ctx, 'kwok.kubeconfig', 'kwok-controller', ctx.certs.kwok);
  await startComponent(ctx, 'kwok', ctx.bin.kwok, [
    `--kubeconfig=${kubeconfig}`,
    `--config=${ctx.bin.kwokStages}`,
    '--manage-all-nodes=false',
    `--manage-nodes-with-annotation-selector=${KWOK_NODE_ANNOTATION}=${KWOK_NODE_ANNOTATION_VALUE}`,
    '--node-lease-duration-seconds=40',
    `--cidr=${ctx.opts.podCidr}`,
  ]);
  // kwok has no health endpoint without a server port; registerNodes waits for the Ready
  // condition kwok sets, which is the proof that it works.
}
