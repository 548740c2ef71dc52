/**
 * PKI of a lab cluster. The four CA-level secrets are the ones a Talos secrets bundle carries
 * (certs.k8s, certs.k8sserviceaccount, certs.k8saggregator, certs.etcd): a workload cluster gets
 * them from the caller, a management cluster generates its own. Every leaf certificate a
 * component needs is issued from them here, the way Talos issues them on a control plane node.
 */
import { certificateInfo, createSelfSignedCertificate, generateKeyPair, issueCertificate, loadPrivateKey, type IssuerPem } from '../../../providers/pki';

/** A CA as PEM text: certificate and private key (any label Talos writes: EC/RSA/PKCS#8). */
export interface CaPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/** A leaf certificate and its private key (PKCS#8 PEM). */
export interface CertKeyPem {
  readonly certPem: string;
  readonly keyPem: string;
}

/** The CA-level secrets of a cluster, as PEM strings (decoded from a Talos bundle's base64). */
export interface LabClusterPki {
  /** Kubernetes CA (Talos certs.k8s): signs serving and client certificates. */
  readonly kubernetesCa: CaPem;
  /** Service-account signing key (Talos certs.k8sserviceaccount.key), RSA or ECDSA private key PEM. */
  readonly serviceAccountKeyPem: string;
  /** Front-proxy / aggregator CA (Talos certs.k8saggregator). */
  readonly aggregatorCa: CaPem;
  /** etcd CA (Talos certs.etcd). */
  readonly etcdCa: CaPem;
}

/** Leaf certificates of one cluster's components. */
export interface LabClusterCertificates {
  readonly etcdServer: CertKeyPem;
  readonly apiServerEtcdClient: CertKeyPem;
  readonly apiServerServing: CertKeyPem;
  readonly apiServerKubeletClient: CertKeyPem;
  readonly frontProxyClient: CertKeyPem;
  readonly admin: CertKeyPem;
  readonly controllerManager: CertKeyPem;
  readonly controllerManagerServing: CertKeyPem;
  readonly scheduler: CertKeyPem;
  readonly schedulerServing: CertKeyPem;
  readonly kwok: CertKeyPem;
}

export interface ClientIdentity {
  /** Kubernetes user name (certificate CN). */
  readonly commonName: string;
  /** Kubernetes groups (certificate O). */
  readonly groups?: readonly string[];
}

export interface ServingNames {
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
}

const HOUR_MS = 3_600_000;
/** Leaf lifetime: long enough for any lab run; NotBefore is back-dated a minute against clock skew. */
const LEAF_LIFETIME_MS = 24 * 365 * HOUR_MS;
const CA_LIFETIME_MS = 10 * 24 * 365 * HOUR_MS;

/** The name the API server's front-proxy client certificate carries (checked by --requestheader-allowed-names). */
export const FRONT_PROXY_CLIENT_NAME = 'front-proxy-client';

/**
 * Checks that each CA's certificate is a CA whose public key matches its private key, and that the
 * service-account key loads. Messages name the field and never include key material.
 */
export function validateLabClusterPki(pki: LabClusterPki, field = 'pki'): void {
  if (pki === null || typeof pki !== 'object') throw new Error(`${field} must be an object with kubernetesCa, serviceAccountKeyPem, aggregatorCa and etcdCa`);
  validateCa(pki.kubernetesCa, `${field}.kubernetesCa`);
  validateCa(pki.aggregatorCa, `${field}.aggregatorCa`);
  validateCa(pki.etcdCa, `${field}.etcdCa`);
  if (typeof pki.serviceAccountKeyPem !== 'string') throw new Error(`${field}.serviceAccountKeyPem must be a PEM private key string`);
  let family: string;
  try {
    family = loadPrivateKey(pki.serviceAccountKeyPem).algorithm;
  } catch (err) {
    throw new Error(`${field}.serviceAccountKeyPem: ${(err as Error).message}`);
  }
  if (family === 'ed25519') throw new Error(`${field}.serviceAccountKeyPem: Kubernetes signs service-account tokens with RSA or ECDSA keys, not Ed25519`);
}

function validateCa(ca: CaPem, field: string): void {
  if (ca === null || typeof ca !== 'object' || typeof ca.certPem !== 'string' || typeof ca.keyPem !== 'string') {
    throw new Error(`${field} must be { certPem, keyPem } PEM strings`);
  }
  let isCa: boolean;
  let certSpki: string;
  try {
    const info = certificateInfo(ca.certPem);
    isCa = info.isCa;
    certSpki = info.publicKeyPem;
  } catch (err) {
    throw new Error(`${field}.certPem: ${(err as Error).message}`);
  }
  if (!isCa) throw new Error(`${field}.certPem is not a CA certificate (BasicConstraints CA:TRUE missing)`);
  let keySpki: string;
  try {
    keySpki = loadPrivateKey(ca.keyPem).publicKeyPem();
  } catch (err) {
    throw new Error(`${field}.keyPem: ${(err as Error).message}`);
  }
  if (keySpki !== certSpki) throw new Error(`${field}.keyPem does not belong to ${field}.certPem`);
}

async function generateCa(organization: string | undefined): Promise<CaPem> {
  const key = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const certPem = await createSelfSignedCertificate(
    {
      subject: organization === undefined ? {} : { organization: [organization] },
      notBefore: new Date(now),
      notAfter: new Date(now + CA_LIFETIME_MS),
      isCa: true,
      keyUsages: ['digitalSignature', 'certSign'],
      extendedKeyUsages: ['serverAuth', 'clientAuth'],
    },
    key,
  );
  return { certPem, keyPem: key.privateKeyPem('sec1') };
}

/** A fresh PKI shaped like a Talos secrets bundle's (ECDSA P-256 CAs and service-account key). */
export async function generateLabClusterPki(): Promise<LabClusterPki> {
  const [kubernetesCa, aggregatorCa, etcdCa, serviceAccount] = await Promise.all([generateCa('kubernetes'), generateCa(undefined), generateCa('etcd'), generateKeyPair('ecdsa-p256')]);
  return { kubernetesCa, aggregatorCa, etcdCa, serviceAccountKeyPem: serviceAccount.privateKeyPem('sec1') };
}

async function issueLeaf(
  ca: IssuerPem,
  subject: { commonName: string; organization?: readonly string[] },
  usage: 'server' | 'client' | 'peer',
  names: ServingNames = { dnsNames: [], ipAddresses: [] },
): Promise<CertKeyPem> {
  const key = await generateKeyPair('ecdsa-p256');
  const now = Date.now();
  const certPem = await issueCertificate(
    {
      subject,
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + LEAF_LIFETIME_MS),
      keyUsages: usage === 'client' ? ['digitalSignature'] : ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsages: usage === 'server' ? ['serverAuth'] : usage === 'client' ? ['clientAuth'] : ['serverAuth', 'clientAuth'],
      dnsNames: names.dnsNames,
      ipAddresses: names.ipAddresses,
    },
    key,
    ca,
  );
  return { certPem, keyPem: key.privateKeyPem('pkcs8') };
}

/** A client certificate for `identity`, signed by `ca` (e.g. an admin kubeconfig's credentials). */
export function issueClientCertificate(ca: CaPem, identity: ClientIdentity): Promise<CertKeyPem> {
  if (typeof identity?.commonName !== 'string' || identity.commonName === '') throw new Error('identity.commonName must be a non-empty user name');
  return issueLeaf(ca, { commonName: identity.commonName, organization: identity.groups ?? [] }, 'client');
}

/** A serving certificate for `names`, signed by `ca`. */
export function issueServingCertificate(ca: CaPem, commonName: string, names: ServingNames): Promise<CertKeyPem> {
  return issueLeaf(ca, { commonName }, 'server', names);
}

export interface LabCertificateNames {
  /** The loopback address every listener of the cluster binds. */
  readonly host: string;
  /** First address of the service range (the `kubernetes` Service's ClusterIP). */
  readonly kubernetesServiceIp: string;
  /** Extra names for the API server's serving certificate (e.g. the Talos cluster endpoint's host). */
  readonly extraApiServerNames?: Partial<ServingNames>;
}

/** Issues every leaf certificate the components of one cluster need. */
export async function issueLabClusterCertificates(pki: LabClusterPki, names: LabCertificateNames): Promise<LabClusterCertificates> {
  const k8s = pki.kubernetesCa;
  const loopbackNames: ServingNames = { dnsNames: ['localhost'], ipAddresses: [names.host] };
  const apiServerNames: ServingNames = {
    dnsNames: unique(['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', ...(names.extraApiServerNames?.dnsNames ?? [])]),
    ipAddresses: unique([names.host, names.kubernetesServiceIp, ...(names.extraApiServerNames?.ipAddresses ?? [])]),
  };
  const [etcdServer, apiServerEtcdClient, apiServerServing, apiServerKubeletClient, frontProxyClient, admin, controllerManager, controllerManagerServing, scheduler, schedulerServing, kwok] =
    await Promise.all([
      issueLeaf(pki.etcdCa, { commonName: 'etcd' }, 'peer', loopbackNames),
      issueLeaf(pki.etcdCa, { commonName: 'kube-apiserver-etcd-client' }, 'client'),
      issueLeaf(k8s, { commonName: 'kube-apiserver' }, 'server', apiServerNames),
      issueLeaf(k8s, { commonName: 'apiserver-kubelet-client', organization: ['system:masters'] }, 'client'),
      issueLeaf(pki.aggregatorCa, { commonName: FRONT_PROXY_CLIENT_NAME }, 'client'),
      issueLeaf(k8s, { commonName: 'admin', organization: ['system:masters'] }, 'client'),
      issueLeaf(k8s, { commonName: 'system:kube-controller-manager' }, 'client'),
      issueLeaf(k8s, { commonName: 'kube-controller-manager' }, 'server', loopbackNames),
      issueLeaf(k8s, { commonName: 'system:kube-scheduler' }, 'client'),
      issueLeaf(k8s, { commonName: 'kube-scheduler' }, 'server', loopbackNames),
      // kwok acts for every simulated kubelet and rewrites node and pod status cluster-wide.
      issueLeaf(k8s, { commonName: 'kwok-controller', organization: ['system:masters'] }, 'client'),
    ]);
  return {
    etcdServer,
    apiServerEtcdClient,
    apiServerServing,
    apiServerKubeletClient,
    frontProxyClient,
    admin,
    controllerManager,
    controllerManagerServing,
    scheduler,
    schedulerServing,
    kwok,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** The certificate part of a Talos secrets bundle (PEM text, already decoded from base64). */
export interface TalosBundleCerts {
  readonly etcd: { readonly crt: string; readonly key: string };
  readonly k8s: { readonly crt: string; readonly key: string };
  readonly k8sAggregator: { readonly crt: string; readonly key: string };
  readonly k8sServiceAccount: { readonly key: string };
}

/** The lab PKI of a Talos cluster whose secrets bundle has `certs` (what Talos feeds its control plane). */
export function labClusterPkiFromTalosCerts(certs: TalosBundleCerts): LabClusterPki {
  const pki: LabClusterPki = {
    kubernetesCa: { certPem: certs?.k8s?.crt, keyPem: certs?.k8s?.key },
    aggregatorCa: { certPem: certs?.k8sAggregator?.crt, keyPem: certs?.k8sAggregator?.key },
    etcdCa: { certPem: certs?.etcd?.crt, keyPem: certs?.etcd?.key },
    serviceAccountKeyPem: certs?.k8sServiceAccount?.key,
  };
  validateLabClusterPki(pki, 'certs (as lab pki)');
  return pki;
}
