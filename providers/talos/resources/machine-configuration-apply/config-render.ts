/**
 * The machine configuration `talos_machine_configuration_apply` sends: the input with the
 * resource's own config patches applied (as siderolabs' provider does), its SHA-256, and the
 * host name it sets (for messages).
 */
import { createHash } from 'node:crypto';
import { AttributeError, lazy, yamlLib } from '../../../runtime';
import type * as CodecLib from '../../../machinery/config/codec';
import type * as GenerateLib from '../../../machinery/config/generate';
import type * as PatchLib from '../../../machinery/patch';

const codecLib = lazy(() => require('../../../machinery/config/codec') as typeof CodecLib);
const generateLib = lazy(() => require('../../../machinery/config/generate') as typeof GenerateLib);
const patchLib = lazy(() => require('../../../machinery/patch') as typeof PatchLib);

/**
 * Without patches the input goes to the node byte for byte; with patches it is decoded, patched
 * and encoded the way Talos encodes configurations.
 */
export function renderMachineConfiguration(input: string, patches: readonly string[] | null): string {
  if (input.trim() === '') throw new AttributeError('machine_configuration_input', 'is empty: pass the machine configuration YAML (e.g. from talos_machine_configuration)');
  if (!patches || patches.length === 0) return input;
  let docs: ReturnType<typeof CodecLib.parseMachineConfig>;
  try {
    docs = codecLib().parseMachineConfig(input);
  } catch (err) {
    throw new AttributeError('machine_configuration_input', `is not a Talos machine configuration: ${(err as Error).message}`);
  }
  const { applyPatchStrings, PatchApplyError, PatchLoadError } = patchLib();
  try {
    return generateLib().serializeMachineConfig(applyPatchStrings(docs, patches));
  } catch (err) {
    if (err instanceof PatchApplyError || err instanceof PatchLoadError) throw new AttributeError('config_patches', err.message);
    throw err;
  }
}

/** SHA-256 hex of the configuration text (what state keeps to spot changes). */
export function configurationHash(config: string): string {
  return createHash('sha256').update(config).digest('hex');
}

/** What a configuration says about the node: its host name (if static) and machine type. */
export interface ConfigSummary {
  readonly hostname: string | undefined;
  readonly machineType: string | undefined;
}

/**
 * Host name and machine type of a configuration (for messages and waits); undefined parts when
 * the text is not readable YAML.
 */
export function summarizeConfiguration(config: string): ConfigSummary {
  let docs: unknown[];
  try {
    docs = yamlLib()
      .parseAllDocuments(config)
      .map((d) => d.toJS() as unknown);
  } catch {
    return { hostname: undefined, machineType: undefined };
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
  let hostname: string | undefined;
  let machineType: string | undefined;
  for (const doc of docs) {
    if (!doc || typeof doc !== 'object') continue;
    const d = doc as Record<string, unknown>;
    if (d.kind === 'HostnameConfig') hostname ??= str(d.hostname);
    const machine = d.machine as { type?: unknown; network?: { hostname?: unknown } } | undefined;
    hostname ??= str(machine?.network?.hostname);
    machineType ??= str(machine?.type);
  }
  return { hostname, machineType };
}

/**
 * The static host name the configuration sets (HostnameConfig document or the legacy
 * machine.network.hostname), or undefined. Only used to name the node in messages.
 */
export function configuredHostname(config: string): string | undefined {
  return summarizeConfiguration(config).hostname;
}
