/**
 * Moving resources between Terraform and another owner (Cluster API) without touching the real
 * objects: freeze a resource in place, forget it (a `removed` block with `destroy = false` where
 * the resource was, Terraform ≥ 1.7), or adopt it back with an `import` block.
 *
 * Forgetting works on the finished construct: the resource keeps its construct path, so the
 * `removed` block names exactly the address it had in state.
 */
import type { IConstruct } from 'constructs';
import { TerraformStack, type TerraformDataSource, type TerraformResource } from '../cdk';

/** `<type>.<logical id>`, the resource's address in state. */
export function resourceAddress(resource: TerraformResource): string {
  return `${resource.terraformResourceType}.${resource.friendlyUniqueId}`;
}

/** Terraform keeps the resource in state but plans no update or replacement from configuration changes. */
export function freezeResource(resource: TerraformResource): void {
  resource.lifecycle = { ...(resource.lifecycle ?? {}), ignoreChanges: 'all' };
}

/** The stack's `removed` blocks so far; the stack override is rewritten with the whole list. */
const removedBlocks = new WeakMap<TerraformStack, { from: string; lifecycle: { destroy: false } }[]>();

function detach(element: IConstruct): void {
  const parent = element.node.scope;
  if (!parent || !parent.node.tryRemoveChild(element.node.id)) throw new Error(`${element.node.path}: cannot be removed from the construct tree`);
}

/**
 * Takes resources out of the configuration and tells Terraform to forget them (`removed`,
 * `destroy = false`): the next apply drops them from state and leaves the real objects alone.
 * Data sources are only dropped (they hold nothing). The caller drops `depends_on` entries and
 * references to them from what stays; Terraform rejects the configuration otherwise.
 */
export function forgetResources(resources: readonly TerraformResource[], dataSources: readonly TerraformDataSource[] = []): void {
  const all = [...resources, ...dataSources];
  if (!all.length) return;
  const stack = TerraformStack.of(all[0]);
  const addresses = resources.map(resourceAddress);
  for (const e of all) {
    if (TerraformStack.of(e) !== stack) throw new Error(`${e.node.path}: forgetResources takes elements of one stack`);
    detach(e);
  }
  const blocks = removedBlocks.get(stack) ?? [];
  blocks.push(...addresses.map((from) => ({ from, lifecycle: { destroy: false as const } })));
  removedBlocks.set(stack, blocks);
  stack.addOverride('removed', blocks);
}
