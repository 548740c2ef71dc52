/**
 * The last check before Terraform sees the configuration: every `cdk.tf.json` synth just wrote is
 * scanned with the shared secret scanner (secret-scanner.ts). A hit removes that file (synth wrote
 * it this run; nothing else is touched) and is reported with the stack, the JSON path, what the
 * value looks like, where it came from when known, and the fix; never with the value.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatSecretPath, outerPath, scanForSecrets, type KnownSecret, type SecretMatch } from './secret-scanner';

/** A string the app knows the origin of, e.g. a patch text from a definition file. */
export interface StringOrigin {
  readonly text: string;
  /** e.g. `clusters/prod.yaml: patches.common[0] ("patches/registry.yaml")`. */
  readonly where: string;
}

export interface SynthFinding {
  readonly stack: string;
  readonly file: string;
  readonly match: SecretMatch;
  readonly origin?: string;
}

export interface SynthAuditOptions {
  readonly knownSecrets?: readonly KnownSecret[];
  readonly origins?: readonly StringOrigin[];
}

/** cdktf's construct metadata: paths and ids, never configuration. */
const METADATA_KEYS = ['//'];

function valueAt(root: unknown, steps: readonly (string | number)[]): unknown {
  let v = root;
  for (const s of steps) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[s] : undefined;
  return v;
}

/** Findings in one synthesized stack's JSON text. */
export function auditStackJson(stack: string, file: string, text: string, options: SynthAuditOptions = {}): SynthFinding[] {
  const json: unknown = JSON.parse(text);
  return scanForSecrets(json, { knownSecrets: options.knownSecrets, metadataKeys: METADATA_KEYS }).map((match) => {
    const value = valueAt(json, outerPath(match.path));
    const origin = typeof value === 'string' ? options.origins?.find((o) => o.text === value || (o.text.length > 0 && value.includes(o.text)))?.where : undefined;
    return { stack, file, match, origin };
  });
}

/**
 * Scans `<outdir>/stacks/<id>/cdk.tf.json` of each stack; removes each file with a finding.
 * @returns the findings (empty when every file is clean)
 */
export function auditSynthesizedStacks(outdir: string, stackIds: readonly string[], options: SynthAuditOptions = {}): SynthFinding[] {
  const findings: SynthFinding[] = [];
  for (const stack of stackIds) {
    const file = path.join(outdir, 'stacks', stack, 'cdk.tf.json');
    if (!fs.existsSync(file)) continue;
    const found = auditStackJson(stack, file, fs.readFileSync(file, 'utf8'), options);
    if (found.length === 0) continue;
    // Synth wrote this file moments ago; leaving it would hand the secret to the next terraform run.
    fs.rmSync(file);
    findings.push(...found);
  }
  return findings;
}

function fixFor(f: SynthFinding): string {
  if (f.match.kind.startsWith('the ')) return 'leave it in the environment variable the definition names (read where Terraform runs); never copy it into a definition, patch or prop';
  if (f.origin?.includes('patches')) return 'remove the secret from the patch (patches are written in clear text); give it to the nodes outside the definition';
  if (f.origin?.includes('caFile')) return 'the CA file must hold only the certificate; remove the key';
  return 'keep the secret out of the configuration: name an environment variable in the definition (credentials.*Env) or let Terraform generate it into state';
}

/** One line per finding: stack, JSON path, what it looked like, origin, fix. */
export function formatSynthFindings(findings: readonly SynthFinding[]): string {
  const lines = findings.map(
    (f) =>
      `${f.stack}: ${formatSecretPath(f.match.path)}: looks like ${f.match.kind}${f.origin ? `, from ${f.origin}` : ''}; ${fixFor(f)}. ` +
      `(${path.basename(path.dirname(f.file))}/cdk.tf.json was removed, so no terraform run uses it.)`,
  );
  return `synth refused: ${findings.length} secret${findings.length === 1 ? '' : 's'} would be written in clear text into the synthesized configuration:\n${lines.join('\n')}`;
}
