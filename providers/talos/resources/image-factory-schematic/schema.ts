/** The Terraform schema of `talos_image_factory_schematic`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { factoryUrlProblem } from '../common/image-factory-client';
import { parseSchematicDocument, SchematicDocumentError } from '../../../machinery/image-factory/schematic-document';

/** Why `text` is not a schematic Image Factory would take, or undefined. */
export function schematicProblem(text: string): string | undefined {
  try {
    parseSchematicDocument(text);
    return undefined;
  } catch (err) {
    if (err instanceof SchematicDocumentError) return `${err.message}; see https://github.com/siderolabs/image-factory#post-schematics for the schematic format`;
    throw err;
  }
}

export const schema = defineSchema({
  description:
    'A schematic registered with an Image Factory (POST /schematics). Its ID is content-addressed: known at plan time when the schematic holds only extraKernelArgs and systemExtensions.officialExtensions, and the factory must answer the same ID.',
  attributes: {
    id: attr.string({ mode: 'computed', description: 'The schematic ID (SHA-256 hex) the factory answered.' }),
    schematic: attr.string({
      mode: 'optional',
      description: 'The schematic YAML (customization, overlay). Unset or empty: the vanilla Talos schematic.',
      validators: [schematicProblem],
    }),
    image_factory_url: attr.string({
      mode: 'optional',
      description: 'The factory to register with; overrides the provider image_factory_url (default https://factory.talos.dev).',
      validators: [factoryUrlProblem],
    }),
  },
});
