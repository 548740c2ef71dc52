/**
 * `talos_proxmox_credentials` (ephemeral): the Proxmox API credentials of one cluster, read from
 * the environment variables its definition names, for the bpg/proxmox provider block of that
 * cluster's Proxmox stage. Ephemeral, so the values reach neither the plan nor the state, and
 * opened in the Terraform run, so a variable set only where Terraform runs (HCP Terraform) works.
 *
 * Why the talos provider hosts it: every app ships it (each cluster has a Talos stage), it needs
 * no provider configuration (capi needs a management cluster), so the Proxmox stage adds no new
 * artefact to the mirror or the HCP Terraform packages; the code it loads is a few small modules.
 *
 * Open also checks what bpg/proxmox (Go, same process environment) would do with the definition's
 * CA: that the endpoint's chain verifies with it, and that Go's trust sources contain it, failing
 * with the export to add instead of leaving users to `insecure`.
 */
import * as path from 'node:path';
import { defineEphemeralResource, DiagnosticsError, error, type Diagnostic, type Model } from '../../../runtime';
import { CredentialError, formatApiToken, readApiToken, readNamedVariable, type VariableOrigin } from '../../../proxmox-access/env';
import { checkEndpointWithCa, type EndpointTlsOutcome } from '../../../proxmox-access/endpoint-tls';
import { goTrustSources, untrustedByGo } from '../../../proxmox-access/go-trust';
import { schema } from './schema';

type Config = Model<typeof schema>;

/** bpg/proxmox reads these when its configuration leaves api_token null, and prefers them to username/password. */
const BPG_PREFERRED_ENV = ['PROXMOX_VE_API_TOKEN', 'PROXMOX_VE_AUTH_TICKET', 'PROXMOX_VE_CSRF_PREVENTION_TOKEN'];

export interface ProxmoxCredentialsOptions {
  /** The environment of the Terraform run. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly tlsTimeoutMs?: number;
}

function where(c: Config, field: string): string | undefined {
  return c.origin ? `${c.origin}: proxmox.credentials.${field}` : undefined;
}

function credentialError(e: CredentialError, attribute: string): Diagnostic {
  return error(e.message, `Fix: ${e.fix}`, [{ attr: attribute }]);
}

function readCredentials(c: Config, env: NodeJS.ProcessEnv, out: Diagnostic[]): Partial<Config> {
  const tokenVar = c.api_token_env ?? undefined;
  const userVar = c.username_env ?? undefined;
  const passVar = c.password_env ?? undefined;
  if (tokenVar !== undefined && (userVar !== undefined || passVar !== undefined)) {
    out.push(error('set api_token_env, or username_env and password_env, not both', `Fix: keep one method in ${c.origin ?? 'the configuration'}.`, [{ attr: 'api_token_env' }]));
    return {};
  }
  if (tokenVar !== undefined) {
    try {
      return { api_token: formatApiToken(readApiToken(env, { name: tokenVar, origin: where(c, 'apiTokenEnv') })) };
    } catch (e) {
      if (e instanceof CredentialError) out.push(credentialError(e, 'api_token_env'));
      else throw e;
      return {};
    }
  }
  if (userVar === undefined || passVar === undefined) {
    out.push(
      error('no credentials: set api_token_env, or username_env and password_env', 'Fix: name the environment variables, e.g. api_token_env = "PROXMOX_VE_API_TOKEN".', [
        { attr: userVar === undefined ? 'username_env' : 'password_env' },
      ]),
    );
    return {};
  }
  const result: Partial<Config> = {};
  const read = (v: VariableOrigin, attribute: string, example: string): string | undefined => {
    try {
      return readNamedVariable(env, v, example);
    } catch (e) {
      if (!(e instanceof CredentialError)) throw e;
      out.push(credentialError(e, attribute));
      return undefined;
    }
  };
  const username = read({ name: userVar, origin: where(c, 'usernameEnv') }, 'username_env', 'terraform@pve');
  const password = read({ name: passVar, origin: where(c, 'passwordEnv') }, 'password_env', '...');
  if (username !== undefined && !/^[^\s@]+@[^\s@]+$/.test(username)) {
    out.push(
      error(
        `environment variable ${userVar}${c.origin ? ` (named by ${where(c, 'usernameEnv')})` : ''} is not user@realm`,
        `Fix: export ${userVar}=terraform@pve (the realm is required, e.g. @pam or @pve).`,
        [{ attr: 'username_env' }],
      ),
    );
  }
  // bpg/proxmox takes a token or ticket from its own variables before username/password: the
  // configuration cannot switch that off, so a credential meant for another server would win.
  for (const name of BPG_PREFERRED_ENV) {
    if (env[name]) {
      out.push(
        error(
          `${name} is set, and bpg/proxmox would use it instead of the username/password ${c.origin ? `${c.origin} names` : 'configured'}`,
          `Fix: unset ${name} for this run; if another cluster's definition names it (apiTokenEnv: ${name}), give that cluster a variable of its own name, e.g. apiTokenEnv: PROXMOX_<CLUSTER>_API_TOKEN.`,
          [{ attr: 'username_env' }],
        ),
      );
    }
  }
  if (username !== undefined) result.username = username;
  if (password !== undefined) result.password = password;
  return result;
}

function sslCertDirFix(env: NodeJS.ProcessEnv, caFile: string | undefined): string {
  const dir = caFile ? path.dirname(caFile) : '<directory of the CA file>';
  // SSL_CERT_DIR adds to the bundle file Go reads by default; SSL_CERT_FILE would replace it.
  return env.SSL_CERT_DIR ? `export SSL_CERT_DIR="$SSL_CERT_DIR:${dir}"` : `export SSL_CERT_DIR=${dir}`;
}

async function checkTrust(c: Config, opts: ProxmoxCredentialsOptions, env: NodeJS.ProcessEnv, out: Diagnostic[], warn: (s: string, d?: string) => void): Promise<void> {
  if (c.insecure === true || !c.ca_pem) return;
  const caName = `proxmox.caFile ${c.ca_file ?? ''}${c.origin ? ` of ${c.origin}` : ''}`.replace(/ {2,}/g, ' ');
  const tls: EndpointTlsOutcome = await checkEndpointWithCa(c.endpoint, c.ca_pem, opts.tlsTimeoutMs);
  if (tls.kind === 'rejected') {
    out.push(
      error(
        `the Proxmox API at ${c.endpoint} presents a certificate that does not verify with ${caName}`,
        `${tls.reason}. Fix: set caFile to the CA that signed the API certificate (on PVE: /etc/pve/pve-root-ca.pem), or give the API a certificate signed by that CA.`,
        [{ attr: 'ca_pem' }],
      ),
    );
    return;
  }
  if (tls.kind === 'unreachable') warn(`could not reach ${c.endpoint} to check its certificate against ${caName}`, tls.reason);
  const sources = goTrustSources(env, opts.platform);
  if (!sources.checkable) {
    warn(
      `bpg/proxmox uses the ${opts.platform ?? process.platform} trust store, which cannot be checked from here`,
      `Make sure ${caName} is trusted there (macOS: security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain <caFile>).`,
    );
    return;
  }
  if (untrustedByGo(c.ca_pem, sources).length > 0) {
    const read = [sources.file ? `the bundle ${sources.file}` : 'no readable bundle file', `the directories ${sources.dirs.join(':') || '(none)'}`].join(' and ');
    out.push(
      error(
        `bpg/proxmox would not trust ${caName}: Go trusts ${read}${env.SSL_CERT_FILE ? ' (SSL_CERT_FILE)' : ''}${env.SSL_CERT_DIR ? ' (SSL_CERT_DIR)' : ''}, and the CA is in none of them`,
        `Fix: ${sslCertDirFix(env, c.ca_file ?? undefined)} where Terraform runs (or add the CA to the system trust store). Do not use insecure: it skips verification.`,
        [{ attr: 'ca_pem' }],
      ),
    );
  }
}

export function createProxmoxCredentials(opts: ProxmoxCredentialsOptions = {}) {
  return defineEphemeralResource({
    name: 'proxmox_credentials',
    schema,
    validate(config) {
      const set = (v: unknown) => v !== null && v !== undefined;
      if (set(config.api_token_env) && (set(config.username_env) || set(config.password_env))) {
        return [error('set api_token_env, or username_env and password_env, not both', 'Fix: keep one credential method.', [{ attr: 'api_token_env' }])];
      }
      return undefined;
    },
    async open({ config, ctx }) {
      const env = opts.env ?? process.env;
      const out: Diagnostic[] = [];
      const result = readCredentials(config, env, out);
      await checkTrust(config, opts, env, out, (s, d) => ctx.warn(s, d));
      if (out.length > 0) throw new DiagnosticsError(out);
      return { result: { api_token: result.api_token ?? null, username: result.username ?? null, password: result.password ?? null } };
    },
  });
}

export const proxmoxCredentials = createProxmoxCredentials();
