/** The Terraform schema of `talos_image_factory_schematic`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { factoryUrlProblem } from '../common/image-factory-client';
import { parseSchematicDocument, SchematicDocumentError } from '../../../machinery/image-factory/schematic-document';

/** Why `text` is not a schematic Image Factory would take, or this resource refuses, or undefined. */
export function schematicProblem(text: string): string | undefined {
  try {
    if (!parseSchematicDocument(text).embedsMachineConfiguration) return undefined;
    return (
      'customization.embeddedMachineConfiguration is refused: a machine configuration holds the cluster secrets (CA keys, tokens), and schematic is kept in Terraform state in clear ' +
      '(it is not sensitive) as well as sent to the factory and baked into every image built from it. Leave it out of the schematic and apply the configuration with talos_machine_configuration_apply'
    );
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
      description:
        'The schematic YAML (customization, overlay). Unset or empty: the vanilla Talos schematic. customization.embeddedMachineConfiguration is refused (it would sit in state in clear): use talos_machine_configuration_apply.',
      validators: [schematicProblem],
    }),
    image_factory_url: attr.string({
      mode: 'optional',
      // It may carry a private factory's user:password.
      sensitive: true,
      description: 'The factory to register with; overrides the provider image_factory_url (default https://factory.talos.dev).',
      validators: [factoryUrlProblem],
    }),
  },
});
