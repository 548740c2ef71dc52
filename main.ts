/**
 * The CDKTF app: one set of stacks per cluster definition in `clusters/`; with none, the
 * embedded lab cluster. A bad definition stops here, before synth, listing every problem.
 */
import * as path from 'node:path';
import { App } from './stacks/cdk';
import { buildApp, loadAppDefinitions } from './stacks/app';
import { readAppEnvironment, type AppEnvironment } from './stacks/app-environment';
import { ValidationError } from './providers/kernel/validation';
import type { ClusterDefinition } from './stacks/definition';
import { definitionCredentialSecrets } from './stacks/definition/secrets';
import { protectLocalStates } from './stacks/local-state-permissions';
import { recoverInterruptedLocalStates } from './stacks/local-state-recovery';
import { auditSynthesizedStacks, formatSynthFindings, type StringOrigin, type SynthAuditOptions } from './stacks/synth-audit';

function main(): number {
  let environment;
  let definitions;
  try {
    // The environment is read here, once; nothing below reads process.env.
    environment = readAppEnvironment();
    definitions = loadAppDefinitions(environment);
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const app = new App();
  let clusters;
  try {
    clusters = buildApp(app, definitions, { environment });
  } catch (err) {
    // Definitions, the plan and the constructs all report bad input as a ValidationError.
    if (!(err instanceof ValidationError)) throw err;
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  const stackIds = clusters.flatMap((c) => [c.proxmox, c.talos, c.capi]).flatMap((s) => (s ? [s.node.id] : []));
  let recovered;
  try {
    recovered = recoverInterruptedLocalStates(app.outdir, stackIds);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  for (const r of recovered) {
    process.stderr.write(
      `${r.stack}: its state file was cut off by an interrupted run; restored from ${path.basename(r.file)}.backup (${r.restoredResources === undefined ? 'encrypted' : `${r.restoredResources} resources`}) ` +
        `and kept the damaged file as ${path.basename(r.damagedCopy)}. This deploy re-converges what the interrupted run did.\n`,
    );
  }
  try {
    protectLocalStates(app.outdir, stackIds);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  app.synth();
  const findings = auditSynthesizedStacks(app.outdir, stackIds, synthAuditInputs(definitions, environment.variables));
  if (findings.length) {
    process.stderr.write(`${formatSynthFindings(findings)}\n`);
    return 1;
  }
  return 0;
}

/** What the synth audit knows: the definitions' credential values and where patch and CA texts came from. */
function synthAuditInputs(definitions: readonly ClusterDefinition[], env: AppEnvironment['variables']): SynthAuditOptions {
  const knownSecrets = definitions.flatMap((d) => definitionCredentialSecrets(d.source, d.spec.proxmox.credentials, env));
  const origins: StringOrigin[] = definitions.flatMap((d) => [
    ...(['common', 'controlPlane', 'worker'] as const).flatMap((group) =>
      d.patches[group].map((p, i) => ({ text: p.text, where: `${d.source}: patches.${group}[${i}]${p.source === 'inline' ? '' : ` (${path.relative(process.cwd(), p.source)})`}` })),
    ),
    ...(d.proxmoxCaCertificates ? [{ text: d.proxmoxCaCertificates, where: `${d.source}: proxmox.caFile` }] : []),
  ]);
  return { knownSecrets, origins };
}

/**
 * Last resort: an error no check words is a bug, not a problem of the definitions. One clean line
 * and where to report it, never a stack trace (PTC_DEBUG=1 adds it, for the report).
 */
function reportUnexpected(err: unknown): void {
  if (err instanceof ValidationError) {
    process.stderr.write(`${err.message}\n`);
  } else {
    const text = err instanceof Error ? err.message : String(err);
    const line = text.split('\n').find((l) => l.trim()) ?? (err instanceof Error ? err.name : 'unknown error');
    process.stderr.write(`error: ${line.trim()}\nThis is a bug in proxmox-talos-capi, not in your definitions: please report it with the line above (PTC_DEBUG=1 shows where it happened).\n`);
    if (process.env.PTC_DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  }
  process.exitCode = 1;
}

process.on('uncaughtException', reportUnexpected);
process.on('unhandledRejection', reportUnexpected);
try {
  process.exitCode = main();
} catch (err) {
  reportUnexpected(err);
}
