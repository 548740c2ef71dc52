/**
 * The Terraform-compatible engine our tools, the lab and the tests run: the one the cdktf CLI
 * runs too. cdktf picks its binary from TERRAFORM_BINARY_NAME (`tofu` for OpenTofu), so reading the
 * same variable here keeps every `init`/`output`/`show` on the engine that wrote the state.
 */
export const ENGINE_VARIABLE = 'TERRAFORM_BINARY_NAME';

/** The engine's executable: `$TERRAFORM_BINARY_NAME` (a name on PATH or a path) or `terraform`. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env[ENGINE_VARIABLE] || 'terraform';
}

export interface EngineVersion {
  readonly kind: 'terraform' | 'opentofu';
  readonly version: string;
}

/**
 * The engine and version from `<engine> version` (plain text): `Terraform v1.11.4`, `OpenTofu v1.12.6`.
 * `version -json` cannot tell them apart: both name the field `terraform_version`.
 */
export function parseEngineVersion(text: string): EngineVersion | undefined {
  const m = /^(Terraform|OpenTofu) v(\d+\.\d+\.\d+\S*)$/m.exec(text);
  if (!m) return undefined;
  return { kind: m[1] === 'OpenTofu' ? 'opentofu' : 'terraform', version: m[2] };
}

/** How a reviewed plan records its engine: Terraform as the bare version (as before OpenTofu was supported), OpenTofu named. */
export function engineVersionLabel(v: EngineVersion): string {
  return v.kind === 'opentofu' ? `OpenTofu ${v.version}` : v.version;
}
