/** The Terraform schema of `talos_image_factory_extensions_versions`; what it does is beside it. */
import { attr, defineSchema, t } from '../../../runtime';
import { factoryUrlProblem, type ExtensionInfo } from '../common/image-factory-client';
import { nonEmpty } from '../common/validators';

const extensionInfoType = t.list(t.object({ name: t.string, ref: t.string, digest: t.string, author: t.string, description: t.string }));

export const schema = defineSchema({
  description: 'The official system extensions an Image Factory offers for a Talos version (GET /version/<v>/extensions/official).',
  attributes: {
    id: attr.string({ mode: 'computed' }),
    talos_version: attr.string({ mode: 'required', description: 'The Talos version, e.g. v1.13.9.', validators: [nonEmpty] }),
    filters: attr.single({
      names: attr.stringList({ mode: 'optional', description: 'Keep extensions whose name contains one of these.' }),
    })({ mode: 'optional', description: 'Substring filter on extension names.' }),
    exact_filters: attr.single({
      names: attr.stringList({ mode: 'optional', description: 'Keep extensions named exactly one of these (e.g. siderolabs/qemu-guest-agent).' }),
    })({ mode: 'optional', description: 'Exact filter on extension names; an extension matching either filter is kept.' }),
    image_factory_url: attr.string({
      mode: 'optional',
      // It may carry a private factory's user:password.
      sensitive: true,
      description: 'The factory to ask; overrides the provider image_factory_url.',
      validators: [factoryUrlProblem],
    }),
    extensions_info: attr.typed<ExtensionInfo[]>(extensionInfoType)({ mode: 'computed', description: 'name, ref (image reference), digest, author, description of each extension.' }),
  },
});
