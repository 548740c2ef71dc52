/** One ValidationError for bad input everywhere: definitions, the plan, constructs and handlers. */
import { App, TerraformStack } from '../../../stacks/cdk';
import { fieldError, formatFieldPath, formatIssue, ValidationError } from '../../../providers/kernel/validation';
import { AttributeError, diagnosticsFromError } from '../../../providers/runtime/diagnostics';
import { ClusterDefinitionError, parseClusterDefinition } from '../../../stacks/definition';
import { planProxmoxCluster } from '../../../stacks/plan/cluster-plan';
import { toProxmoxClusterSpec } from '../../../stacks/definition/to-stack-props';
import { AdoptionInputError, validateAdoptionInput } from '../../../providers/capi/resources/cluster-adoption/input';
import { TalosSecrets } from '../../../stacks/constructs/talos-secrets';
import { goodInput } from '../definition/fixtures';

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
};

describe('ValidationError', () => {
  test('formats scope, field, problem and fix; indexes in brackets', () => {
    expect(formatFieldPath(['nodes', 1, 'name'])).toBe('nodes[1].name');
    expect(formatIssue({ scope: 'clusters/prod.yaml', path: ['workers', 0, 'count'], problem: 'is -1', fix: 'count: 2' })).toBe('clusters/prod.yaml: workers[0].count: is -1; count: 2');
    expect(formatIssue({ scope: 'x', path: [], problem: 'is empty' })).toBe('x: is empty');
    expect(fieldError('app/s/c', 'talosVersion', '"1.13" is not a Talos version').message).toBe('app/s/c: talosVersion "1.13" is not a Talos version');
    expect(fieldError('app/s/c', 'nodes', 'at least one is required').message).toBe('app/s/c: nodes: at least one is required');
  });

  test('the runtime makes one diagnostic per issue, on the attribute it names', () => {
    const err = new ValidationError([
      { scope: 'talos_local_file', path: ['file_permission'], problem: '"0777" gives others access', fix: 'use 0600' },
      { scope: 'talos_local_file', path: [], problem: 'two problems at once' },
    ]);
    expect(diagnosticsFromError('talos_local_file plan', err)).toEqual([
      { severity: 'error', summary: 'talos_local_file plan: file_permission: "0777" gives others access', detail: 'use 0600', path: [{ attr: 'file_permission' }] },
      { severity: 'error', summary: 'talos_local_file plan: two problems at once', detail: 'two problems at once', path: undefined },
    ]);
  });

  test('definitions, the plan, constructs and handlers all throw it, each keeping its wording', () => {
    const definition = thrown(() => parseClusterDefinition({ ...goodInput(), vmidBase: 12 }));
    expect(definition).toBeInstanceOf(ClusterDefinitionError);
    expect(definition).toBeInstanceOf(ValidationError);
    expect((definition as ValidationError).issues[0]).toMatchObject({ scope: '(definition)', path: ['vmidBase'] });

    const spec = toProxmoxClusterSpec(parseClusterDefinition(goodInput()));
    const plan = thrown(() => planProxmoxCluster({ ...spec, vmidBase: 5 }, 'prod-proxmox'));
    expect(plan).toBeInstanceOf(ValidationError);
    expect((plan as ValidationError).issues).toEqual([expect.objectContaining({ scope: 'prod-proxmox', path: ['vmidBase'] })]);

    const stack = new TerraformStack(new App(), 's');
    const construct = thrown(() => new TalosSecrets(stack, 'secrets', { talosVersion: 'latest' }));
    expect(construct).toBeInstanceOf(ValidationError);
    expect((construct as ValidationError).issues).toEqual([expect.objectContaining({ scope: 's/secrets', path: ['talosVersion'] })]);

    const handler = thrown(() => validateAdoptionInput({}, {}));
    expect(handler).toBeInstanceOf(AdoptionInputError);
    expect(handler).toBeInstanceOf(ValidationError);
    expect((handler as ValidationError).issues).toContainEqual(expect.objectContaining({ scope: 'capi_cluster_adoption', path: ['cluster_name'] }));
    expect(new AttributeError('node.0.ip', 'is not an address')).toBeInstanceOf(ValidationError);
  });
});
