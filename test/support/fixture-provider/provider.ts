/**
 * A small provider used to prove the runtime against real Terraform: it stores objects as JSON
 * files in a directory (so reads see out-of-band deletes) and exercises every plan rule:
 * requires-replace, defaults, computed values kept or recomputed, nested blocks, sensitive
 * values, import, state upgrade, handler errors with attribute paths.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AttributeError, attr, block, defineDataSource, defineProvider, defineResource, defineSchema, type Model } from '../../../providers/runtime';

interface Store {
  readonly dir: string;
}

const providerSchema = defineSchema({
  attributes: {
    store_dir: attr.string({ mode: 'required', description: 'Directory holding the objects.' }),
  },
});

const itemSchema = defineSchema({
  version: 1,
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep' }),
    name: attr.string({
      mode: 'required',
      requiresReplace: true,
      validators: [(v) => (/^[a-z][a-z0-9-]*$/.test(v) ? undefined : 'use lowercase letters, digits and dashes, starting with a letter')],
    }),
    content: attr.string({ mode: 'optional' }),
    size: attr.number({ mode: 'optional', default: 3 }),
    tags: attr.stringMap({ mode: 'optional' }),
    revision: attr.number({ mode: 'computed' }),
    secret: attr.string({ mode: 'computed', sensitive: true, computedPlan: 'keep' }),
    fail_on: attr.string({ mode: 'optional', description: 'Makes the named operation fail (tests).' }),
  },
  blocks: {
    rule: block.list({
      attributes: {
        port: attr.number({ mode: 'required' }),
        protocol: attr.string({ mode: 'optional', default: 'tcp' }),
        rule_id: attr.string({ mode: 'computed' }),
      },
    }),
  },
});

type Item = Model<typeof itemSchema>;

function file(store: Store, id: string): string {
  return path.join(store.dir, `${id}.json`);
}

function save(store: Store, item: Item): void {
  fs.mkdirSync(store.dir, { recursive: true });
  fs.writeFileSync(file(store, item.id as string), JSON.stringify(item));
}

function failIf(item: { fail_on: string | null }, op: string): void {
  if (item.fail_on === op) throw new AttributeError('content', `refusing to ${op} (fail_on = "${op}")`);
}

const item = defineResource<typeof itemSchema, Store>({
  name: 'item',
  schema: itemSchema,
  upgraders: {
    // Version 0 called the content attribute "body".
    0: (state) => {
      const { body, ...rest } = state as Record<string, unknown>;
      return { ...rest, content: body ?? null };
    },
  },
  async create({ planned, ctx }) {
    failIf(planned, 'create');
    const id = `${planned.name}-${crypto.randomBytes(4).toString('hex')}`;
    const state: Item = {
      ...planned,
      id,
      revision: 1,
      secret: crypto.randomBytes(16).toString('hex'),
      rule: planned.rule.map((r, i) => ({ ...r, rule_id: `${id}-r${i}` })),
    };
    save(ctx.provider, state);
    return { state, private: { created: 'yes' } };
  },
  async read({ state, ctx }) {
    const f = file(ctx.provider, state.id as string);
    if (!fs.existsSync(f)) return null;
    return { state: JSON.parse(fs.readFileSync(f, 'utf8')) as Item };
  },
  async update({ prior, planned, ctx }) {
    failIf(planned, 'update');
    const state: Item = {
      ...planned,
      id: prior.id,
      secret: prior.secret,
      revision: (prior.revision ?? 0) + 1,
      rule: planned.rule.map((r, i) => ({ ...r, rule_id: `${prior.id}-r${i}` })),
    };
    save(ctx.provider, state);
    return { state };
  },
  async delete({ prior, ctx }) {
    failIf(prior, 'delete');
    fs.rmSync(file(ctx.provider, prior.id as string), { force: true });
  },
  async import({ id, ctx }) {
    const f = file(ctx.provider, id);
    if (!fs.existsSync(f)) throw new Error(`no item with id ${id}`);
    return { state: { id } };
  },
});

const lookupSchema = defineSchema({
  attributes: {
    id: attr.string({ mode: 'required' }),
    content: attr.string({ mode: 'computed' }),
  },
});

const lookup = defineDataSource<typeof lookupSchema, Store>({
  name: 'lookup',
  schema: lookupSchema,
  async read({ config, ctx }) {
    const f = file(ctx.provider, config.id);
    if (!fs.existsSync(f)) throw new AttributeError('id', `no item with id ${config.id}`);
    return { ...config, content: (JSON.parse(fs.readFileSync(f, 'utf8')) as Item).content };
  },
});

export const provider = defineProvider({
  typeName: 'example',
  version: '0.0.1',
  schema: providerSchema,
  configure: (config) => ({ dir: config.store_dir }),
  resources: [item],
  dataSources: [lookup],
});
