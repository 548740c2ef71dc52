/**
 * Synth-time checks of the Proxmox credentials and TLS settings the definitions name. The
 * variables may exist only where Terraform runs (HCP Terraform remote runs), so an unset one is a
 * warning here and an error at plan (the providers read them); a set one is format-checked now.
 * Values are never printed.
 */
import { apiTokenProblem, TOKEN_EXAMPLE } from '../providers/proxmox-access/token';
import type { ClusterDefinition } from './definition';
import type { DefinitionProblem } from './definition/problems';

/** Variables bpg/proxmox reads by itself and prefers to a configured username/password. */
const BPG_PREFERRED_ENV = ['PROXMOX_VE_API_TOKEN', 'PROXMOX_VE_AUTH_TICKET', 'PROXMOX_VE_CSRF_PREVENTION_TOKEN'];

export interface CredentialPreflight {
  readonly problems: DefinitionProblem[];
  readonly warnings: string[];
}

export function checkProxmoxCredentials(definitions: readonly ClusterDefinition[], env: NodeJS.ProcessEnv): CredentialPreflight {
  const problems: DefinitionProblem[] = [];
  const warnings: string[] = [];
  const tokenNames = new Map<string, ClusterDefinition>();
  for (const def of definitions) {
    const c = def.spec.proxmox.credentials;
    if (c.apiTokenEnv !== undefined) tokenNames.set(c.apiTokenEnv, tokenNames.get(c.apiTokenEnv) ?? def);
  }
  for (const def of definitions) {
    const c = def.spec.proxmox.credentials;
    const p = def.spec.proxmox;
    if (c.apiTokenEnv !== undefined) {
      const value = env[c.apiTokenEnv];
      if (value === undefined || value === '') {
        warnings.push(
          `${def.source}: proxmox.credentials.apiTokenEnv: ${c.apiTokenEnv} is not set here; it must be set where Terraform runs (plan fails otherwise). Example: export ${c.apiTokenEnv}='${TOKEN_EXAMPLE}'`,
        );
      } else {
        const problem = apiTokenProblem(value);
        if (problem) {
          problems.push({
            source: def.source,
            path: ['proxmox', 'credentials', 'apiTokenEnv'],
            message: `the environment variable ${c.apiTokenEnv} ${problem}`,
            example: `export ${c.apiTokenEnv}='${TOKEN_EXAMPLE}'`,
          });
        }
      }
    } else {
      for (const [key, name] of [
        ['usernameEnv', c.usernameEnv],
        ['passwordEnv', c.passwordEnv],
      ] as const) {
        if (name !== undefined && !env[name]) warnings.push(`${def.source}: proxmox.credentials.${key}: ${name} is not set here; it must be set where Terraform runs (plan fails otherwise)`);
      }
      // bpg/proxmox would take these from the environment before the username/password.
      const clash = BPG_PREFERRED_ENV.find((n) => tokenNames.has(n));
      const other = clash ? tokenNames.get(clash) : undefined;
      if (clash && other) {
        problems.push({
          source: def.source,
          path: ['proxmox', 'credentials'],
          message: `names a username/password while ${other.source} names ${clash}, which bpg/proxmox also reads by itself and prefers: this cluster's Proxmox would receive that token. Give the token cluster a variable of its own name`,
          example: `apiTokenEnv: PROXMOX_${other.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_TOKEN (in ${other.source})`,
        });
      } else {
        const set = BPG_PREFERRED_ENV.filter((n) => env[n]);
        if (set.length)
          warnings.push(
            `${def.source}: proxmox.credentials: ${set.join(', ')} is set here, and bpg/proxmox prefers it to the username/password this definition names; unset it where Terraform runs (plan fails otherwise)`,
          );
      }
    }
    if (p.insecure) {
      warnings.push(
        `${def.source}: proxmox.insecure is true: TLS verification of ${p.endpoint} is off for bpg/proxmox and CAPMOX. Prefer proxmox.caFile with the PVE CA (/etc/pve/pve-root-ca.pem) and insecure: false`,
      );
    }
  }
  // The stages once read this Terraform variable; a leftover export would look like it still counts.
  if (env.TF_VAR_proxmox_api_token) {
    warnings.push('TF_VAR_proxmox_api_token is set but no longer read: each cluster reads the variable its definition names in proxmox.credentials.apiTokenEnv; unset it');
  }
  return { problems, warnings };
}
