/**
 * Reviewed plans travel from the pull request job to the merge job as one sealed file. A saved
 * plan holds the state's sensitive values in clear text, and workflow artifacts are readable by
 * anyone who can read the repository, so the bundle is encrypted (AES-256-GCM, key derived with
 * scrypt from a repository secret) and authenticated: a modified bundle does not open.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Environment variable holding the bundle secret (a repository secret in CI). */
export const PLAN_KEY_ENV = 'PTC_PLAN_KEY';
const MIN_SECRET_LENGTH = 32;
const MAGIC = Buffer.from('PTCPLAN1');
const SALT = 16;
const IV = 12;
const TAG = 16;
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export function planKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env[PLAN_KEY_ENV];
  if (!secret) throw new Error(`${PLAN_KEY_ENV} is not set; set it to a random secret of ${MIN_SECRET_LENGTH}+ characters (e.g. \`openssl rand -base64 32\`)`);
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`${PLAN_KEY_ENV} is too short (${secret.length} characters); use ${MIN_SECRET_LENGTH}+ random characters`);
  return secret;
}

function checkRelative(p: string): string {
  const norm = path.posix.normalize(p);
  if (path.posix.isAbsolute(norm) || norm === '..' || norm.startsWith('../') || norm !== p || p === '' || p === '.') {
    throw new Error(`plan bundle: file path "${p}" must be relative and normalized, without ".."`);
  }
  return p;
}

export function sealBundle(files: ReadonlyMap<string, Buffer>, secret: string): Buffer {
  const doc: Record<string, string> = {};
  for (const [p, data] of files) doc[checkRelative(p)] = data.toString('base64');
  const plain = gzipSync(Buffer.from(JSON.stringify({ files: doc })));
  const salt = randomBytes(SALT);
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(secret, salt, 32, SCRYPT), iv);
  cipher.setAAD(MAGIC);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([MAGIC, salt, iv, cipher.getAuthTag(), body]);
}

export function openBundle(sealed: Buffer, secret: string): Map<string, Buffer> {
  if (sealed.length < MAGIC.length + SALT + IV + TAG || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new Error('plan bundle: not a sealed plan bundle (wrong header); pass the file the plan job uploaded');
  }
  let at = MAGIC.length;
  const salt = sealed.subarray(at, (at += SALT));
  const iv = sealed.subarray(at, (at += IV));
  const tag = sealed.subarray(at, (at += TAG));
  const decipher = createDecipheriv('aes-256-gcm', scryptSync(secret, salt, 32, SCRYPT), iv);
  decipher.setAAD(MAGIC);
  decipher.setAuthTag(tag);
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(sealed.subarray(at)), decipher.final()]);
  } catch {
    throw new Error(`plan bundle: authentication failed; the bundle was modified or ${PLAN_KEY_ENV} differs from the plan job's`);
  }
  const doc = JSON.parse(gunzipSync(plain).toString('utf8')) as { files: Record<string, string> };
  return new Map(Object.entries(doc.files).map(([p, b64]) => [checkRelative(p), Buffer.from(b64, 'base64')]));
}
