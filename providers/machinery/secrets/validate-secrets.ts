/**
 * Checks a secrets bundle the way Talos' Bundle.Validate does (required values, exactly one
 * encryption secret, parseable certificates and keys), plus what would only fail later on a
 * node: token format, encryption key length, and a key that does not belong to its certificate.
 * Problems name the field by its secrets.yaml path.
 */
import { loadPrivateKey, parseCertificatePem } from '../../pki';
import type { SecretsBundle } from './bundle';
import { TOKEN_PATTERN } from './tokens';

/** Thrown with every problem found; the message lists them, none contains secret values. */
export class SecretsBundleError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid Talos secrets bundle: ${problems.join('; ')}`);
    this.name = 'SecretsBundleError';
  }
}

const CA_FIELDS = [
  ['etcd', 'etcd'],
  ['k8s', 'k8s'],
  ['k8sAggregator', 'k8saggregator'],
  ['os', 'os'],
] as const;

/** Every problem of `bundle` (empty when it is valid). */
export function secretsBundleProblems(bundle: SecretsBundle): string[] {
  const problems: string[] = [];
  const required = (path: string, value: unknown): boolean => {
    if (typeof value === 'string' && value !== '') return true;
    problems.push(`${path}: required`);
    return false;
  };

  required('cluster.id', bundle.cluster?.id);
  required('cluster.secret', bundle.cluster?.secret);

  const token = bundle.secrets?.bootstrapToken;
  if (required('secrets.bootstraptoken', token) && !TOKEN_PATTERN.test(token)) {
    problems.push('secrets.bootstraptoken: expected the format [0-9a-z]{6}.[0-9a-z]{16}');
  }
  const secretbox = bundle.secrets?.secretboxEncryptionSecret;
  const aescbc = bundle.secrets?.aescbcEncryptionSecret;
  if (!secretbox && !aescbc) {
    problems.push('secrets: one of secretboxencryptionsecret, aescbcencryptionsecret is required');
  } else if (secretbox && aescbc) {
    problems.push('secrets: only one of secretboxencryptionsecret, aescbcencryptionsecret is allowed');
  }
  if (secretbox) checkEncryptionKey(problems, 'secrets.secretboxencryptionsecret', secretbox, [32]);
  if (aescbc) checkEncryptionKey(problems, 'secrets.aescbcencryptionsecret', aescbc, [16, 24, 32]);

  required('trustdinfo.token', bundle.trustdInfo?.token);

  for (const [prop, yamlName] of CA_FIELDS) {
    const pair = bundle.certs?.[prop];
    const path = `certs.${yamlName}`;
    if (!pair) {
      problems.push(`${path}: required`);
      continue;
    }
    let cert;
    if (required(`${path}.crt`, pair.crt)) {
      try {
        cert = parseCertificatePem(pair.crt);
      } catch (err) {
        problems.push(`${path}.crt: not a valid certificate (${(err as Error).message})`);
      }
    }
    let key;
    if (required(`${path}.key`, pair.key)) {
      try {
        key = loadPrivateKey(pair.key);
      } catch (err) {
        problems.push(`${path}.key: not a valid private key (${(err as Error).message})`);
      }
    }
    if (cert && key && !cert.checkPrivateKey(key.privateKey)) {
      problems.push(`${path}.key: does not belong to ${path}.crt`);
    }
  }

  const sa = bundle.certs?.k8sServiceAccount;
  if (!sa) {
    problems.push('certs.k8sserviceaccount: required');
  } else if (required('certs.k8sserviceaccount.key', sa.key)) {
    try {
      loadPrivateKey(sa.key);
    } catch (err) {
      problems.push(`certs.k8sserviceaccount.key: not a valid private key (${(err as Error).message})`);
    }
  }
  return problems;
}

/** Throws SecretsBundleError listing every problem. */
export function validateSecretsBundle(bundle: SecretsBundle): void {
  const problems = secretsBundleProblems(bundle);
  if (problems.length > 0) throw new SecretsBundleError(problems);
}

function checkEncryptionKey(problems: string[], path: string, value: string, lengths: number[]): void {
  const valid = value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);
  const size = valid ? Buffer.from(value, 'base64').length : -1;
  if (!lengths.includes(size)) {
    problems.push(`${path}: expected standard base64 of ${lengths.join(', ')} bytes`);
  }
}
