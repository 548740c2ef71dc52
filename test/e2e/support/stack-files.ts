/**
 * Facts about a synthesized, initialized stack for end-to-end audits: the TLS settings its JSON
 * makes, and which attributes its providers' schemas mark sensitive.
 */
import * as fs from 'node:fs';
import { ok, run, terraformBinary } from '../../support/terraform';

/** Setting names that turn TLS verification off. */
const SKIPS_VERIFICATION = /(^|_)(insecure|skip_tls_verify|tls_skip_verify|insecure_skip_tls_verify|skip_verify)$/;

/**
 * Settings where the product's default is insecure when left unset, so the configuration must say
 * `false` (or give a CA): CAPMOX skips verification of the Proxmox API when its credentials carry
 * no `insecure` (see the capi provider's adoption schema).
 */
const MUST_BE_EXPLICIT: readonly { readonly type: string; readonly block: string; readonly attribute: string; readonly why: string }[] = [
  { type: 'capi_cluster_adoption', block: 'proxmox', attribute: 'insecure', why: 'unset: CAPMOX defaults to insecure=true' },
];

function walk(value: unknown, at: string, out: string[]): void {
  if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${at}[${i}]`, out));
  if (value === null || typeof value !== 'object') return;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SKIPS_VERIFICATION.test(k) && v !== false && v !== null && v !== 'false') out.push(`${at}.${k}=${JSON.stringify(v)}`);
    walk(v, `${at}.${k}`, out);
  }
}

/** Every place a synthesized stack (cdk.tf.json) skips TLS verification, or leaves it to an insecure default. */
export function insecureSettings(cdkTfJson: string): string[] {
  const json = JSON.parse(fs.readFileSync(cdkTfJson, 'utf8')) as Record<string, unknown>;
  const out: string[] = [];
  for (const part of ['provider', 'resource', 'data']) walk(json[part], part, out);
  const resources = (json.resource ?? {}) as Record<string, Record<string, Record<string, unknown>>>;
  for (const rule of MUST_BE_EXPLICIT) {
    for (const [name, body] of Object.entries(resources[rule.type] ?? {})) {
      const blocks = ([] as unknown[]).concat(body[rule.block] ?? []);
      for (const b of blocks) {
        const v = (b as Record<string, unknown>)[rule.attribute];
        if (v === undefined || v === null) out.push(`resource.${rule.type}.${name}.${rule.block}.${rule.attribute} ${rule.why}`);
      }
    }
  }
  return out;
}

interface SchemaBlock {
  readonly attributes?: Record<string, { readonly sensitive?: boolean }>;
}
interface ProvidersSchema {
  readonly provider_schemas?: Record<string, { readonly resource_schemas?: Record<string, { block: SchemaBlock }>; readonly data_source_schemas?: Record<string, { block: SchemaBlock }> }>;
}

/** Top-level attributes the stack's providers mark sensitive, keyed `managed.<type>` / `data.<type>`. */
export async function schemaSensitiveAttributes(stackDir: string, env: NodeJS.ProcessEnv): Promise<Map<string, string[]>> {
  const res = ok(await run(terraformBinary(env), [`-chdir=${stackDir}`, 'providers', 'schema', '-json'], { cwd: stackDir, env, timeoutMs: 120_000 }));
  const schema = JSON.parse(res.stdout) as ProvidersSchema;
  const out = new Map<string, string[]>();
  const add = (mode: string, schemas: Record<string, { block: SchemaBlock }> | undefined): void => {
    for (const [type, s] of Object.entries(schemas ?? {})) {
      const names = Object.entries(s.block.attributes ?? {})
        .filter(([, a]) => a.sensitive)
        .map(([n]) => n);
      if (names.length) out.set(`${mode}.${type}`, [...(out.get(`${mode}.${type}`) ?? []), ...names]);
    }
  };
  for (const p of Object.values(schema.provider_schemas ?? {})) {
    add('managed', p.resource_schemas);
    add('data', p.data_source_schemas);
  }
  return out;
}

/** VMIDs of the Proxmox VMs a stack's state records (bpg's proxmox_virtual_environment_vm), sorted. */
export function stateVmIds(stateFile: string): number[] {
  return vmIdsInState(fs.readFileSync(stateFile, 'utf8'));
}

/** The same from state JSON text (e.g. what `tofu state pull` decrypted). */
export function vmIdsInState(stateJson: string): number[] {
  const state = JSON.parse(stateJson) as { resources?: { mode: string; type: string; instances: { attributes: { vm_id?: unknown } }[] }[] };
  return (state.resources ?? [])
    .filter((r) => r.mode === 'managed' && r.type === 'proxmox_virtual_environment_vm')
    .flatMap((r) => r.instances.map((i) => Number(i.attributes.vm_id)))
    .sort((a, b) => a - b);
}
