/**
 * `talos_image_factory_schematic`: registers a schematic with an Image Factory, so its images
 * and installers exist under the ID. The ID is the SHA-256 of the factory's canonical form of the
 * schematic; where the offline computation (the one the stacks name images with) covers the
 * schematic, the ID is planned as a known value and the factory's answer must match it. Schematics
 * are never deleted from a factory: destroy only forgets the resource, as in siderolabs' provider.
 */
import { AttributeError, defineResource, type HandlerContext, type Model } from '../../../runtime';
import { schematicId } from '../../../machinery/image-factory/schematic';
import { parseSchematicDocument } from '../../../machinery/image-factory/schematic-document';
import type { TalosProviderData } from '../common/provider-config';
import { createSchematic, displayUrl } from '../common/image-factory-client';
import { schema, schematicProblem } from './schema';

type State = Model<typeof schema>;

/** The body sent for an unset schematic: what Image Factory marshals for an empty one. */
const VANILLA = 'customization: {}\n';

function factoryUrl(model: Pick<State, 'image_factory_url'>, provider: TalosProviderData): string {
  return model.image_factory_url ?? provider.imageFactoryUrl;
}

/**
 * The ID the factory must answer, when the offline computation covers the schematic. Refuses what
 * validation refuses, for a schematic that was unknown when Terraform validated it.
 */
function offlineId(text: string | null): string | undefined {
  const problem = schematicProblem(text ?? '');
  if (problem) throw new AttributeError([{ attr: 'schematic' }], problem);
  const { offline } = parseSchematicDocument(text ?? '');
  return offline ? schematicId(offline) : undefined;
}

async function register(planned: State, ctx: HandlerContext<TalosProviderData>): Promise<{ state: Partial<State> }> {
  const url = factoryUrl(planned, ctx.provider);
  const text = planned.schematic?.trim() ? planned.schematic : VANILLA;
  const expected = offlineId(planned.schematic);
  const id = await createSchematic(url, text, ctx.signal);
  if (expected !== undefined && id !== expected) {
    throw new AttributeError(
      [{ attr: 'id' }],
      `Image Factory ${displayUrl(url)} answered schematic ID ${id}, but the schematic's canonical form hashes to ${expected}. ` +
        'The factory canonicalizes schematics differently from this provider (a different Image Factory version?): images named by the offline ID would not carry this schematic. ' +
        "Check the factory URL, or name images by this resource's id.",
    );
  }
  ctx.log.info(`schematic ${id} registered with Image Factory ${displayUrl(url)}`);
  return { state: { id } };
}

export const imageFactorySchematic = defineResource<typeof schema, TalosProviderData>({
  name: 'image_factory_schematic',
  schema,
  plan({ config }) {
    if (typeof config.schematic !== 'string' && config.schematic !== null) return undefined;
    const id = offlineId(config.schematic);
    return id ? { computed: { id } } : undefined;
  },
  async create({ planned, ctx }) {
    return register(planned, ctx);
  },
  async read({ state }) {
    // A factory keeps schematics for good: there is nothing to drift.
    return { state };
  },
  async update({ planned, ctx }) {
    return register(planned, ctx);
  },
  async delete() {
    // Image Factory has no deletion of schematics.
  },
});
