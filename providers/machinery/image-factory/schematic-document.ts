/**
 * Reads a schematic as a user writes it (YAML, as `POST /schematics` takes it) and checks it
 * against Image Factory's schematic structure: unknown fields are refused there (strict decoding),
 * so they are refused here before anything is sent. When the schematic uses only the fields the
 * offline ID computation covers (extra kernel arguments, official extensions), its customization is
 * returned so the ID can be known at plan time.
 */
import { yamlLib } from '../../kernel/lazy';
import { canonicalScalar, type SchematicCustomization } from './schematic';

/** Fields of the schematic structure (image-factory pkg/schematic), by path. */
const KNOWN_FIELDS: Readonly<Record<string, readonly string[]>> = {
  '': ['overlay', 'customization'],
  customization: ['embeddedMachineConfiguration', 'extraKernelArgs', 'meta', 'systemExtensions', 'bootloader', 'secureboot', 'diskImage'],
  'customization.systemExtensions': ['officialExtensions'],
  'customization.secureboot': ['enrollKeys', 'includeWellKnownCertificates'],
  'customization.diskImage': ['sectorSize'],
  overlay: ['image', 'name', 'options'],
};

export interface SchematicDocument {
  /** The customization when the offline computation covers the whole schematic, else null. */
  readonly offline: SchematicCustomization | null;
  /** customization.embeddedMachineConfiguration is set (a machine configuration: secret material). */
  readonly embedsMachineConfiguration: boolean;
}

export class SchematicDocumentError extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw new SchematicDocumentError(`${where} must be a list of strings`);
  return value as string[];
}

function checkFields(value: unknown, where: string): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) throw new SchematicDocumentError(`${where || 'the schematic'} must be a mapping`);
  const known = KNOWN_FIELDS[where] ?? [];
  for (const [key, inner] of Object.entries(value)) {
    const path = where ? `${where}.${key}` : key;
    if (!known.includes(key)) throw new SchematicDocumentError(`unknown field ${path} (Image Factory accepts ${known.map((k) => (where ? `${where}.${k}` : k)).join(', ')})`);
    if (KNOWN_FIELDS[path]) checkFields(inner, path);
  }
}

/** Parses and checks `text`; empty text is the vanilla schematic (`customization: {}`). */
export function parseSchematicDocument(text: string): SchematicDocument {
  let doc: unknown;
  try {
    doc = yamlLib().parse(text, { uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    throw new SchematicDocumentError(`not valid YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (doc === null || doc === undefined) return { offline: {}, embedsMachineConfiguration: false };
  checkFields(doc, '');
  const root = doc as Json;
  const c = (root.customization ?? {}) as Json;
  // Image Factory omits an empty string here (omitempty): only a non-empty value embeds anything.
  const embedsMachineConfiguration = c.embeddedMachineConfiguration != null && c.embeddedMachineConfiguration !== '';
  const extraKernelArgs = stringList(c.extraKernelArgs, 'customization.extraKernelArgs');
  const ext = (c.systemExtensions ?? {}) as Json;
  const officialExtensions = stringList(ext.officialExtensions, 'customization.systemExtensions.officialExtensions');
  // Anything beyond kernel arguments and official extensions has no offline canonical form here.
  const beyond = root.overlay != null || Object.keys(c).some((k) => !['extraKernelArgs', 'systemExtensions'].includes(k) && c[k] != null);
  if (beyond) return { offline: null, embedsMachineConfiguration };
  try {
    [...extraKernelArgs, ...officialExtensions].forEach(canonicalScalar);
  } catch {
    // A value needing quoting rules the offline computation does not reproduce.
    return { offline: null, embedsMachineConfiguration };
  }
  return { offline: { extraKernelArgs, officialExtensions }, embedsMachineConfiguration };
}
