/**
 * go-plugin handshake: the magic-cookie check, protocol negotiation and the one line on
 * stdout that tells Terraform where to connect.
 */
export const MAGIC_COOKIE_KEY = 'TF_PLUGIN_MAGIC_COOKIE';
export const MAGIC_COOKIE_VALUE = 'd602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2';
export const CORE_PROTOCOL_VERSION = 1;
export const APP_PROTOCOL_VERSION = 6;

export class HandshakeError extends Error {}

/** Printed (to stderr) when someone runs the provider by hand instead of through Terraform. */
export const NOT_LAUNCHED_BY_TERRAFORM =
  'This program is a Terraform provider plugin: Terraform starts it and talks to it over gRPC.\n' + 'Run terraform (or cdktf) with a configuration that uses this provider instead.\n';

export function checkMagicCookie(env: NodeJS.ProcessEnv): void {
  if (env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) throw new HandshakeError(NOT_LAUNCHED_BY_TERRAFORM);
}

/** Picks protocol 6 from PLUGIN_PROTOCOL_VERSIONS (order is not guaranteed); absent means the client did not say. */
export function negotiateProtocol(env: NodeJS.ProcessEnv): number {
  const offered = (env.PLUGIN_PROTOCOL_VERSIONS ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map(Number);
  if (offered.length && !offered.includes(APP_PROTOCOL_VERSION)) {
    throw new HandshakeError(`this provider speaks plugin protocol ${APP_PROTOCOL_VERSION}, the client offered ${offered.join(', ')}: use Terraform >= 1.0 or OpenTofu`);
  }
  return APP_PROTOCOL_VERSION;
}

/** Go's base64.RawStdEncoding: standard alphabet, no padding (padding breaks Terraform's parser). */
export function rawStdBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/=+$/, '');
}

export function handshakeLine(opts: { network: 'unix' | 'tcp'; address: string; serverCertDer?: Uint8Array }): string {
  const cert = opts.serverCertDer ? rawStdBase64(opts.serverCertDer) : '';
  return `${CORE_PROTOCOL_VERSION}|${APP_PROTOCOL_VERSION}|${opts.network}|${opts.address}|grpc|${cert}\n`;
}
