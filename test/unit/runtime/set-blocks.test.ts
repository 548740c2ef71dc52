/** Plan rules for set-nested blocks, whose elements correlate by configured values, not position. */
import { isUnknown, type CtyValue } from '../../../providers/runtime/cty';
import { planUpdate } from '../../../providers/runtime/plan/plan-rules';
import { attr, block, defineSchema, type Model } from '../../../providers/runtime/schema/attributes';
import { schemaImpliedType } from '../../../providers/runtime/schema/implied-type';

const schema = defineSchema({
  attributes: { name: attr.string({ mode: 'required' }) },
  blocks: {
    port: block.set({ attributes: { number: attr.number({ mode: 'required' }), id: attr.string({ mode: 'computed' }) } }),
  },
});
const type = schemaImpliedType(schema);
type Obj = Record<string, CtyValue>;

const prior: Obj = {
  name: 'a',
  port: [
    { number: 80, id: 'p80' },
    { number: 443, id: 'p443' },
  ],
};

test('reordered set elements are no change', () => {
  const config: Obj = {
    name: 'a',
    port: [
      { number: 443, id: null },
      { number: 80, id: null },
    ],
  };
  const { planned } = planUpdate(schema, prior, config, { canUpdate: true }, type);
  expect(planned).toBe(prior);
});

test('a new element gets an unknown computed value; existing ones keep theirs', () => {
  const config: Obj = {
    name: 'a',
    port: [
      { number: 443, id: null },
      { number: 80, id: null },
      { number: 22, id: null },
    ],
  };
  const { planned, requiresReplace } = planUpdate(schema, prior, config, { canUpdate: true }, type);
  const byNumber = new Map((planned.port as Obj[]).map((p) => [p.number, p.id]));
  expect(byNumber.get(80)).toBe('p80');
  expect(byNumber.get(443)).toBe('p443');
  expect(isUnknown(byNumber.get(22))).toBe(true);
  expect(requiresReplace).toEqual([]);
});

test('without an update handler any block change forces replacement', () => {
  const config: Obj = { name: 'a', port: [{ number: 80, id: null }] };
  const { requiresReplace } = planUpdate(schema, prior, config, { canUpdate: false }, type);
  expect(requiresReplace).toEqual([[{ attr: 'port' }]]);
});

test('model types: single blocks are an object or null, list and set blocks arrays (checked by tsc)', () => {
  const _schema = defineSchema({
    attributes: {},
    blocks: {
      one: block.single({ attributes: { a: attr.string({ mode: 'required' }) } }),
      many: block.list({ attributes: { a: attr.string({ mode: 'required' }) } }),
    },
  });
  type M = Model<typeof _schema>;
  const withBlock: M = { one: { a: 'x' }, many: [{ a: 'y' }] };
  const without: M = { one: null, many: [] };
  // @ts-expect-error a single block is not a list
  const wrong: M = { one: [{ a: 'x' }], many: [] };
  expect([withBlock, without, wrong]).toHaveLength(3);
});
