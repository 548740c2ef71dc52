/**
 * The `talosctl gen secrets` YAML (secrets.yaml, also the `bundle` key of CAPI's `<cluster>-talos`
 * secret): lowercase keys in Go field order, 4-space indentation, every certificate and key as
 * standard base64 of its PEM text.
 */
import { yamlLib } from '../../kernel/lazy';
import { base64ToPem, pemToBase64 } from '../../pki';
import type { CertAndKeyPem, SecretsBundle } from './bundle';
import { SecretsBundleError, secretsBundleProblems, validateSecretsBundle } from './validate-secrets';

type Mapping = Record<string, unknown>;

const SECTIONS: Record<string, readonly string[]> = {
  cluster: ['id', 'secret'],
  secrets: ['bootstraptoken', 'aescbcencryptionsecret', 'secretboxencryptionsecret'],
  trustdinfo: ['token'],
  certs: ['etcd', 'k8s', 'k8saggregator', 'k8sserviceaccount', 'os'],
};

/** Parses secrets.yaml; throws SecretsBundleError naming each bad field (e.g. `certs.os.key: not a valid private key`). */
export function parseSecretsYaml(text: string): SecretsBundle {
  if (typeof text !== 'string') throw new SecretsBundleError(['secrets YAML: expected text']);
  const doc = yamlLib().parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new SecretsBundleError([`secrets YAML: ${doc.errors[0].message.split('\n')[0]}`]);
  const root: unknown = doc.toJS();

  const problems: string[] = [];
  // Paths whose value could not even be decoded: validation would only repeat them as "required".
  const undecodable = new Set<string>();
  const top = mapping(root, '', Object.keys(SECTIONS), problems);
  const section = (name: string): Mapping => mapping(top[name], name, SECTIONS[name], problems);
  const cluster = section('cluster');
  const secrets = section('secrets');
  const trustd = section('trustdinfo');
  const certs = section('certs');

  const str = (obj: Mapping, path: string, key: string): string => {
    const value = obj[key];
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') {
      problems.push(`${path}.${key}: expected a string`);
      undecodable.add(`${path}.${key}`);
      return '';
    }
    return value;
  };
  const pem = (obj: Mapping, path: string, key: string): string => {
    const value = str(obj, path, key);
    if (value === '') return '';
    try {
      return base64ToPem(value);
    } catch (err) {
      problems.push(`${path}.${key}: not base64 of PEM text (${(err as Error).message})`);
      undecodable.add(`${path}.${key}`);
      return '';
    }
  };
  const certAndKey = (name: string): CertAndKeyPem => {
    const obj = mapping(certs[name], `certs.${name}`, ['crt', 'key'], problems);
    return { crt: pem(obj, `certs.${name}`, 'crt'), key: pem(obj, `certs.${name}`, 'key') };
  };

  const secretbox = str(secrets, 'secrets', 'secretboxencryptionsecret');
  const aescbc = str(secrets, 'secrets', 'aescbcencryptionsecret');
  const bundle: SecretsBundle = {
    cluster: { id: str(cluster, 'cluster', 'id'), secret: str(cluster, 'cluster', 'secret') },
    secrets: {
      bootstrapToken: str(secrets, 'secrets', 'bootstraptoken'),
      ...(secretbox ? { secretboxEncryptionSecret: secretbox } : {}),
      ...(aescbc ? { aescbcEncryptionSecret: aescbc } : {}),
    },
    trustdInfo: { token: str(trustd, 'trustdinfo', 'token') },
    certs: {
      etcd: certAndKey('etcd'),
      k8s: certAndKey('k8s'),
      k8sAggregator: certAndKey('k8saggregator'),
      k8sServiceAccount: {
        key: pem(mapping(certs.k8sserviceaccount, 'certs.k8sserviceaccount', ['key'], problems), 'certs.k8sserviceaccount', 'key'),
      },
      os: certAndKey('os'),
    },
  };

  for (const problem of secretsBundleProblems(bundle)) {
    if (![...undecodable].some((path) => problem.startsWith(`${path}:`))) problems.push(problem);
  }
  if (problems.length > 0) throw new SecretsBundleError(problems);
  return bundle;
}

/** Writes the bundle as talosctl does (validates it first: a broken bundle is never written). */
export function formatSecretsYaml(bundle: SecretsBundle): string {
  validateSecretsBundle(bundle);
  const pair = (p: CertAndKeyPem) => ({ crt: pemToBase64(p.crt), key: pemToBase64(p.key) });
  const { secretboxEncryptionSecret, aescbcEncryptionSecret } = bundle.secrets;
  const doc = {
    cluster: { id: bundle.cluster.id, secret: bundle.cluster.secret },
    secrets: {
      bootstraptoken: bundle.secrets.bootstrapToken,
      ...(aescbcEncryptionSecret ? { aescbcencryptionsecret: aescbcEncryptionSecret } : {}),
      ...(secretboxEncryptionSecret ? { secretboxencryptionsecret: secretboxEncryptionSecret } : {}),
    },
    trustdinfo: { token: bundle.trustdInfo.token },
    certs: {
      etcd: pair(bundle.certs.etcd),
      k8s: pair(bundle.certs.k8s),
      k8saggregator: pair(bundle.certs.k8sAggregator),
      k8sserviceaccount: { key: pemToBase64(bundle.certs.k8sServiceAccount.key) },
      os: pair(bundle.certs.os),
    },
  };
  return yamlLib().stringify(doc, { indent: 4, lineWidth: 0, minContentWidth: 0 });
}

/** A YAML mapping at `path` (missing = empty, with a "required" problem left to validation); unknown keys are problems. */
function mapping(value: unknown, path: string, known: readonly string[], problems: string[]): Mapping {
  const where = path || 'secrets YAML';
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where}: expected a mapping`);
    return {};
  }
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      problems.push(`${path ? `${path}.` : ''}${key}: unknown field (expected one of ${known.join(', ')}; keys are lowercase)`);
    }
  }
  return value as Mapping;
}
