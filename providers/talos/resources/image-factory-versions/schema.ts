/** The Terraform schema of `talos_image_factory_versions`; what it does is beside it. */
import { attr, defineSchema } from '../../../runtime';
import { factoryUrlProblem } from '../common/image-factory-client';

export const schema = defineSchema({
  description: "The Talos versions an Image Factory builds images for (GET /versions), in the factory's order.",
  attributes: {
    id: attr.string({ mode: 'computed' }),
    filters: attr.single({
      stable_versions_only: attr.bool({ mode: 'optional', description: 'Only releases: leave out alphas, betas and release candidates.' }),
    })({ mode: 'optional', description: 'Which versions to list.' }),
    image_factory_url: attr.string({
      mode: 'optional',
      // It may carry a private factory's user:password.
      sensitive: true,
      description: 'The factory to ask; overrides the provider image_factory_url.',
      validators: [factoryUrlProblem],
    }),
    talos_versions: attr.stringList({ mode: 'computed', description: 'The Talos versions, e.g. v1.13.9.' }),
  },
});
