/**
 * Turns the `capi_components` configuration into installer inputs: versions, the variable map
 * (the variables attribute plus the dedicated Proxmox attributes), image overrides and where files
 * come from; plus the inventory the plan can predict and the redaction of sensitive values.
 */
import * as path from 'node:path';
import { CERT_MANAGER, PROVIDERS, type VersionAttribute } from '../../components/catalog';
import type { ImageOverride } from '../../components/images';
import type { PrepareInput, ProviderVersions } from '../../components/prepare';
import type { SourceOptions } from '../../components/source';

/** The configuration fields the installer reads (a subset of the resource model). */
export interface ComponentsConfig {
  readonly core_version: string | null;
  readonly bootstrap_version: string | null;
  readonly control_plane_version: string | null;
  readonly infrastructure_version: string | null;
  readonly ipam_version: string | null;
  readonly cert_manager: string | null;
  readonly cert_manager_version: string | null;
  readonly overrides_dir: string | null;
  readonly repository_base_url: string | null;
  readonly variables: Record<string, string> | null;
  readonly proxmox_url: string | null;
  readonly proxmox_token: string | null;
  readonly proxmox_secret: string | null;
  readonly wait_timeout: string | null;
  readonly image_override: ReadonlyArray<{ component: string; repository: string | null; tag: string | null }>;
}

/** Dedicated attributes and the components variables they fill (CAPMOX's credentials Secret). */
export const PROXMOX_VARIABLES = { proxmox_url: 'PROXMOX_URL', proxmox_token: 'PROXMOX_TOKEN', proxmox_secret: 'PROXMOX_SECRET' } as const;

export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A variable given both in `variables` and by its dedicated attribute. */
export class VariableConflictError extends Error {
  constructor(
    readonly variable: string,
    readonly attribute: string,
  ) {
    super(`${variable} is set both in variables and by ${attribute}; keep one`);
    this.name = 'VariableConflictError';
  }
}

export interface InventoryItem {
  name: string;
  namespace: string;
  provider_name: string;
  type: string;
  version: string;
  missing_objects: number;
}

export function versionsOf(c: ComponentsConfig): ProviderVersions {
  const out = {} as Record<VersionAttribute, string>;
  for (const spec of PROVIDERS) out[spec.versionAttribute] = c[spec.versionAttribute] ?? spec.defaultVersion;
  return out;
}

/** The variable values: `variables` plus the Proxmox attributes (a name given both ways is an error). */
export function variablesOf(c: ComponentsConfig): Map<string, string> {
  const values = new Map(Object.entries(c.variables ?? {}));
  for (const [attr, name] of Object.entries(PROXMOX_VARIABLES) as Array<[keyof typeof PROXMOX_VARIABLES, string]>) {
    const v = c[attr];
    if (v === null) continue;
    if (values.has(name)) throw new VariableConflictError(name, attr);
    values.set(name, v);
  }
  return values;
}

export function imageOverridesOf(c: ComponentsConfig): ImageOverride[] {
  return c.image_override.map((o) => ({ component: o.component, repository: o.repository ?? undefined, tag: o.tag ?? undefined }));
}

export function sourceOf(c: ComponentsConfig, signal?: AbortSignal): SourceOptions {
  return {
    overridesDir: c.overrides_dir ? path.resolve(c.overrides_dir) : undefined,
    repositoryBaseUrl: c.repository_base_url ?? undefined,
    signal,
  };
}

export function prepareInputOf(c: ComponentsConfig, signal?: AbortSignal): PrepareInput {
  return { versions: versionsOf(c), variables: variablesOf(c), imageOverrides: imageOverridesOf(c), source: sourceOf(c, signal) };
}

export function certManagerVersionOf(c: ComponentsConfig): string {
  return c.cert_manager_version ?? CERT_MANAGER.defaultVersion;
}

/** The inventory `clusterctl init` writes for these versions (what a successful apply reports). */
export function predictedInventory(c: ComponentsConfig): InventoryItem[] {
  const versions = versionsOf(c);
  return PROVIDERS.map((spec) => ({
    name: spec.manifestLabel,
    namespace: spec.namespace,
    provider_name: spec.name,
    type: spec.type,
    version: versions[spec.versionAttribute],
    missing_objects: 0,
  }));
}

/** Replaces every sensitive value (variables, Proxmox credentials) in a message. */
export function redactor(c: ComponentsConfig): (text: string) => string {
  const secrets = [...Object.values(c.variables ?? {}), c.proxmox_token, c.proxmox_secret, c.proxmox_url].filter((v): v is string => typeof v === 'string' && v.length >= 4);
  return (text) => secrets.reduce((acc, s) => acc.split(s).join('(sensitive value)'), text);
}
