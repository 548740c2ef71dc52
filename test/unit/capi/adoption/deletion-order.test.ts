/** The admission policy that makes scale-downs take Cluster API's machines before adopted ones. */
import { deletionOrderObjects, ensureDeletionOrder, removeDeletionOrder } from '../../../../providers/capi/adoption/deletion-order';
import { keyId, keyOf, type KubeObject, type KubeObjectClient, type ObjectKey } from '../../../../providers/capi/adoption/kube';
import { clusterNames } from '../../../../providers/capi/adoption/names';

const names = clusterNames('lab', 'lab-capi');

/** Enough of an API server: a store, and an optional refusal of the admissionregistration group. */
function memory(options: { serves: boolean }, seed: KubeObject[] = []): { client: KubeObjectClient; store: Map<string, KubeObject>; writes: string[] } {
  const store = new Map(seed.map((o) => [keyId(keyOf(o)), o]));
  const writes: string[] = [];
  const check = (key: Pick<ObjectKey, 'apiVersion' | 'kind'>) => {
    if (!options.serves && key.apiVersion.startsWith('admissionregistration.k8s.io/')) {
      throw new Error(`the API server at https://127.0.0.1:6443 does not serve ${key.kind} in ${key.apiVersion} (is its CustomResourceDefinition installed and Established?)`);
    }
  };
  const client: KubeObjectClient = {
    async get(key) {
      check(key);
      return store.get(keyId(key)) ?? null;
    },
    list: async () => [],
    async apply(object) {
      check(object);
      writes.push(`apply ${object.kind}/${object.metadata.name}`);
      store.set(keyId(keyOf(object)), object);
      return object;
    },
    applyStatus: async (object) => object,
    mergePatch: async () => {
      throw new Error('not used');
    },
    async delete(key) {
      check(key);
      writes.push(`delete ${key.kind}/${key.name}`);
      return store.delete(keyId(key));
    },
  };
  return { client, store, writes };
}

describe('deletion order policy', () => {
  test('marks, on creation, the Machines of this cluster in its namespace that the adoption did not create', () => {
    const [policy, binding] = deletionOrderObjects(names);
    expect(policy.metadata).toEqual({ name: 'ptc-capi-machines-first.lab-capi.lab', labels: { 'proxmox-talos-capi.local/adoption': 'lab' } });
    expect(policy.spec).toEqual({
      failurePolicy: 'Fail',
      reinvocationPolicy: 'Never',
      matchConstraints: {
        resourceRules: [{ apiGroups: ['cluster.x-k8s.io'], apiVersions: ['*'], operations: ['CREATE'], resources: ['machines'] }],
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'lab-capi' } },
        objectSelector: {
          matchLabels: { 'cluster.x-k8s.io/cluster-name': 'lab' },
          matchExpressions: [{ key: 'proxmox-talos-capi.local/adoption', operator: 'DoesNotExist' }],
        },
      },
      mutations: [{ patchType: 'ApplyConfiguration', applyConfiguration: { expression: 'Object{metadata: Object.metadata{annotations: {"cluster.x-k8s.io/delete-machine": "true"}}}' } }],
    });
    expect(binding).toMatchObject({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicyBinding', spec: { policyName: policy.metadata.name } });
    // One per adoption: the same cluster name in another namespace gets its own.
    expect(deletionOrderObjects(clusterNames('lab', 'other'))[0].metadata.name).not.toBe(policy.metadata.name);
  });

  test('applied policy first; an older management cluster gets a warning with the manual mark, and the run goes on', async () => {
    const served = memory({ serves: true });
    const warnings: string[] = [];
    await expect(
      ensureDeletionOrder(
        served.client,
        names,
        () => undefined,
        (s) => warnings.push(s),
      ),
    ).resolves.toBe(true);
    expect(served.writes).toEqual(['apply MutatingAdmissionPolicy/ptc-capi-machines-first.lab-capi.lab', 'apply MutatingAdmissionPolicyBinding/ptc-capi-machines-first.lab-capi.lab']);
    expect(warnings).toEqual([]);

    const old = memory({ serves: false });
    const details: string[] = [];
    await expect(
      ensureDeletionOrder(
        old.client,
        names,
        () => undefined,
        (s, d) => details.push(`${s}: ${d}`),
      ),
    ).resolves.toBe(false);
    expect(details).toHaveLength(1);
    expect(details[0]).toMatch(/^adopted machines are not protected from Cluster API scale-downs: the management cluster does not serve MutatingAdmissionPolicy/);
    expect(details[0]).toContain('kubectl -n lab-capi annotate machine <name> cluster.x-k8s.io/delete-machine=true');
  });

  test('other errors are not mistaken for an old server', async () => {
    const broken: KubeObjectClient = {
      ...memory({ serves: true }).client,
      apply: async () => Promise.reject(Object.assign(new Error('forbidden: cannot create mutatingadmissionpolicies'), { status: 403 })),
    };
    await expect(
      ensureDeletionOrder(
        broken,
        names,
        () => undefined,
        () => undefined,
      ),
    ).rejects.toThrow(/forbidden/);
  });

  test('removal deletes the binding, then the policy, only when they carry this cluster label', async () => {
    const [policy, binding] = deletionOrderObjects(names);
    const ours = memory({ serves: true }, [policy, binding]);
    expect(await removeDeletionOrder(ours.client, names, () => undefined)).toEqual([
      'MutatingAdmissionPolicyBinding ptc-capi-machines-first.lab-capi.lab',
      'MutatingAdmissionPolicy ptc-capi-machines-first.lab-capi.lab',
    ]);
    expect(ours.store.size).toBe(0);

    const foreign = { ...policy, metadata: { name: policy.metadata.name, labels: { team: 'platform' } } };
    const theirs = memory({ serves: true }, [foreign]);
    expect(await removeDeletionOrder(theirs.client, names, () => undefined)).toEqual([]);
    expect(theirs.writes).toEqual([]);

    expect(await removeDeletionOrder(memory({ serves: false }).client, names, () => undefined)).toEqual([]);
  });
});
