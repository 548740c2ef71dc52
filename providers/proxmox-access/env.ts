/**
 * Credentials from the environment variable a cluster definition names, with errors that say
 * which variable, which definition asked for it, and what to export. Used where Terraform runs
 * (a provider process: the variables of the Terraform run) and at synth.
 */
import { apiTokenProblem, parseApiToken, TOKEN_EXAMPLE, type ApiToken } from './token';

/** Where a variable name came from, for messages, e.g. `clusters/prod.yaml: proxmox.credentials.apiTokenEnv`. */
export interface VariableOrigin {
  readonly name: string;
  readonly origin?: string;
}

/** An environment variable name as POSIX shells accept it. */
export const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export class CredentialError extends Error {
  constructor(
    message: string,
    readonly fix: string,
  ) {
    super(message);
    this.name = 'CredentialError';
  }
}

function named(v: VariableOrigin): string {
  return v.origin ? `${v.name} (named by ${v.origin})` : v.name;
}

/** The value of a named variable. @throws CredentialError when the name is invalid or the variable is unset or empty */
export function readNamedVariable(env: NodeJS.ProcessEnv, v: VariableOrigin, example: string): string {
  if (!ENV_NAME.test(v.name)) throw new CredentialError(`"${v.name}" is not an environment variable name${v.origin ? ` (${v.origin})` : ''}`, 'use letters, digits and _, e.g. PROXMOX_VE_API_TOKEN');
  const value = env[v.name];
  if (value === undefined || value === '') {
    throw new CredentialError(
      `environment variable ${named(v)} is not set where Terraform runs`,
      `export ${v.name}='${example}' (in HCP Terraform: a sensitive environment variable of the workspace)`,
    );
  }
  return value;
}

/** The API token of a named variable, format-checked. @throws CredentialError */
export function readApiToken(env: NodeJS.ProcessEnv, v: VariableOrigin): ApiToken {
  const value = readNamedVariable(env, v, TOKEN_EXAMPLE);
  const problem = apiTokenProblem(value);
  if (problem)
    throw new CredentialError(`environment variable ${named(v)} ${problem}`, `export ${v.name}='${TOKEN_EXAMPLE}' (the token id and its secret, as PVE shows them when the token is created)`);
  return parseApiToken(value, v.name);
}

/** A token value in the form bpg/proxmox takes. */
export function formatApiToken(t: ApiToken): string {
  return `${t.tokenId}=${t.secret}`;
}
