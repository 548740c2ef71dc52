/** The `talos` provider's own configuration: the Image Factory that schematics are registered with. */
import { attr, defineSchema, type Model } from '../../../runtime';
import { DEFAULT_IMAGE_FACTORY_URL, factoryUrlProblem } from './image-factory-client';

export const providerSchema = defineSchema({
  attributes: {
    image_factory_url: attr.string({
      mode: 'optional',
      // It may carry a private factory's user:password.
      sensitive: true,
      description: `The Image Factory talos_image_factory_schematic registers with (default ${DEFAULT_IMAGE_FACTORY_URL}); a private factory's user:password may be in the URL and goes only there.`,
      validators: [factoryUrlProblem],
    }),
  },
});

/** What handlers receive as ctx.provider. */
export interface TalosProviderData {
  readonly imageFactoryUrl: string;
}

export function configureProvider(config: Model<typeof providerSchema>): TalosProviderData {
  return { imageFactoryUrl: typeof config.image_factory_url === 'string' ? config.image_factory_url : DEFAULT_IMAGE_FACTORY_URL };
}
