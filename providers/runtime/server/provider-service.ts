/**
 * tfplugin6.Provider RPCs on top of handlers: decode DynamicValues, apply the plan rules,
 * call the handler, encode the answer, and turn every failure into diagnostics.
 * Works on plain request/response objects, so it is testable without gRPC.
 */
import { decodeJson, decodeMsgpack, encodeMsgpack, isUnknown, isWhollyKnown, unknown, type CtyType, type CtyValue } from '../cty';
import { diagnosticsFromError, error, formatPath, hasErrors, parsePath, type Diagnostic, type AttributePath } from '../diagnostics';
import type { DataSourceHandler, EphemeralResourceHandler, HandlerContext, ProviderDefinition, ResourceHandler } from '../handler';
import type { Logger } from '../logging';
import { lazy } from '../../kernel/lazy';
import { mergeApplied, unknownsToNull } from '../plan/apply-rules';
import { checkConforms, fromModel, toModel } from '../plan/model';
import { planCreate, planUpdate, type BlockShape } from '../plan/plan-rules';
import type { AttributeDef, AttributeMode, Attributes, Blocks, Model, SchemaDef } from '../schema/attributes';
import { schemaImpliedType } from '../schema/implied-type';
import { assertNoWriteOnly, isComputed, schemaToProto, type ProtoSchema } from '../schema/to-proto';
import { normalizeStateJson } from './state-json';
import { nullWriteOnly, writeOnlyPathsSet } from '../plan/write-only';

type Obj = Record<string, CtyValue>;

export interface DynamicValueMsg {
  msgpack?: Buffer | Uint8Array | null;
  json?: Buffer | Uint8Array | null;
}

export interface ProtoDiagnostic {
  severity: 'ERROR' | 'WARNING';
  summary: string;
  detail: string;
  attribute?: { steps: Array<{ attribute_name: string } | { element_key_string: string } | { element_key_int: number }> };
}

interface Entry<H> {
  readonly fullName: string;
  readonly handler: H;
  readonly type: CtyType;
  /** Built on the first GetProviderSchema: most launches never ask (get_provider_schema_optional). */
  readonly proto: () => ProtoSchema;
}

function entry<H extends { readonly schema: SchemaDef }>(fullName: string, handler: H): Entry<H> {
  return { fullName, handler, type: schemaImpliedType(handler.schema), proto: lazy(() => schemaToProto(fullName, handler.schema)) };
}

export function encodeDynamic(value: CtyValue, type: CtyType): { msgpack: Buffer } {
  return { msgpack: Buffer.from(encodeMsgpack(value, type)) };
}

export function decodeDynamic(dv: DynamicValueMsg | null | undefined, type: CtyType): CtyValue {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
  if (dv?.json && dv.json.length > 0) return decodeJson(Buffer.from(dv.json).toString('utf8'), type);
  return null;
}

export function toProtoDiagnostics(diags: readonly Diagnostic[]): ProtoDiagnostic[] {
  return diags.map((d) => ({
    severity: d.severity === 'error' ? 'ERROR' : 'WARNING',
    summary: d.summary,
    detail: d.detail ?? '',
    ...(d.path && d.path.length
      ? {
          attribute: {
            steps: d.path.map((s) => ('attr' in s ? { attribute_name: s.attr } : 'key' in s ? { element_key_string: s.key } : { element_key_int: s.index })),
          },
        }
      : {}),
  }));
}

function encodePrivate(data: Record<string, unknown> | undefined): Buffer {
  return data && Object.keys(data).length ? Buffer.from(JSON.stringify(data)) : Buffer.alloc(0);
}

function decodePrivate(bytes: Buffer | Uint8Array | null | undefined): Record<string, unknown> {
  if (!bytes || bytes.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Runs the attribute validators on every known value of an object, recursing into blocks. */
function runValidators(shape: BlockShape, value: Obj, base: AttributePath, out: Diagnostic[]): void {
  for (const [name, def] of Object.entries(shape.attributes) as [string, AttributeDef<unknown, AttributeMode>][]) {
    const v = value[name] ?? null;
    if (def.nested && v !== null && !isUnknown(v)) runValidators(def.nested, v as Obj, [...base, { attr: name }], out);
    if (v === null || !isWhollyKnown(v) || !def.validators) continue;
    const path = [...base, { attr: name }];
    for (const validate of def.validators) {
      const message = validate(toModel(v));
      if (message) out.push(error(`Invalid value for ${formatPath(path)}`, message, path));
    }
  }
  for (const [name, def] of Object.entries(shape.blocks)) {
    const v = value[name] ?? null;
    if (v === null || isUnknown(v)) continue;
    const els = def.nesting === 'single' ? [v] : (v as CtyValue[]);
    els.forEach((el, i) => {
      if (el === null || isUnknown(el)) return;
      const path = def.nesting === 'single' ? [...base, { attr: name }] : [...base, { attr: name }, { index: i }];
      runValidators(def, el as Obj, path, out);
    });
  }
}

export class ProviderService<P> {
  private readonly resources = new Map<string, Entry<ResourceHandler<SchemaDef, P>>>();
  private readonly dataSources = new Map<string, Entry<DataSourceHandler<SchemaDef, P>>>();
  private readonly ephemerals = new Map<string, Entry<EphemeralResourceHandler<SchemaDef, P>>>();
  private readonly providerType: CtyType;
  private readonly providerProto: () => ProtoSchema;
  private configured: P | undefined;
  private isConfigured = false;
  private abort = new AbortController();

  constructor(
    private readonly def: ProviderDefinition<SchemaDef, P>,
    private readonly log: Logger,
  ) {
    this.providerType = schemaImpliedType(def.schema);
    assertNoWriteOnly(`provider ${def.typeName}`, def.schema);
    this.providerProto = lazy(() => schemaToProto(`provider ${def.typeName}`, def.schema));
    for (const h of def.resources) {
      const fullName = `${def.typeName}_${h.name}`;
      if (this.resources.has(fullName)) throw new Error(`resource ${fullName} is declared twice`);
      this.resources.set(fullName, entry(fullName, h));
    }
    for (const h of def.dataSources) {
      const fullName = `${def.typeName}_${h.name}`;
      if (this.dataSources.has(fullName)) throw new Error(`data source ${fullName} is declared twice`);
      assertNoWriteOnly(`data source ${fullName}`, h.schema);
      this.dataSources.set(fullName, entry(fullName, h));
    }
    for (const h of def.ephemeralResources ?? []) {
      const fullName = `${def.typeName}_${h.name}`;
      if (this.ephemerals.has(fullName)) throw new Error(`ephemeral resource ${fullName} is declared twice`);
      assertNoWriteOnly(`ephemeral resource ${fullName}`, h.schema);
      this.ephemerals.set(fullName, entry(fullName, h));
    }
  }

  /** Cancels running handler work (StopProvider); later calls get a fresh signal. */
  stop(): void {
    this.abort.abort(new Error('Terraform asked the provider to stop'));
    this.abort = new AbortController();
  }

  private ctx(where: string, warnings: Diagnostic[]): HandlerContext<P> {
    if (!this.isConfigured) throw new Error('provider is not configured yet (ConfigureProvider was not called)');
    return {
      provider: this.configured as P,
      signal: this.abort.signal,
      log: this.log.with({ resource: where }),
      warn: (summary, detail) => warnings.push({ severity: 'warning', summary: `${where}: ${summary}`, detail }),
    };
  }

  private resource(typeName: string): Entry<ResourceHandler<SchemaDef, P>> {
    const entry = this.resources.get(typeName);
    if (!entry) throw new Error(`unknown resource type ${typeName}`);
    return entry;
  }

  private dataSource(typeName: string): Entry<DataSourceHandler<SchemaDef, P>> {
    const entry = this.dataSources.get(typeName);
    if (!entry) throw new Error(`unknown data source type ${typeName}`);
    return entry;
  }

  private ephemeral(typeName: string): Entry<EphemeralResourceHandler<SchemaDef, P>> {
    const entry = this.ephemerals.get(typeName);
    if (!entry) throw new Error(`unknown ephemeral resource type ${typeName}`);
    return entry;
  }

  getProviderSchema() {
    const resource_schemas: Record<string, ProtoSchema> = {};
    for (const [name, e] of this.resources) resource_schemas[name] = e.proto();
    const data_source_schemas: Record<string, ProtoSchema> = {};
    for (const [name, e] of this.dataSources) data_source_schemas[name] = e.proto();
    const ephemeral_resource_schemas: Record<string, ProtoSchema> = {};
    for (const [name, e] of this.ephemerals) ephemeral_resource_schemas[name] = e.proto();
    return {
      provider: this.providerProto(),
      resource_schemas,
      data_source_schemas,
      ephemeral_resource_schemas,
      diagnostics: [],
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false },
      functions: {},
    };
  }

  getMetadata() {
    return {
      server_capabilities: { plan_destroy: true, get_provider_schema_optional: true, move_resource_state: false },
      diagnostics: [],
      resources: [...this.resources.keys()].map((type_name) => ({ type_name })),
      data_sources: [...this.dataSources.keys()].map((type_name) => ({ type_name })),
      ephemeral_resources: [...this.ephemerals.keys()].map((type_name) => ({ type_name })),
      functions: [],
    };
  }

  validateProviderConfig(req: { config?: DynamicValueMsg }) {
    const diags: Diagnostic[] = [];
    try {
      const config = decodeDynamic(req.config, this.providerType) as Obj | null;
      if (config) runValidators(this.def.schema, config, [], diags);
    } catch (err) {
      diags.push(...diagnosticsFromError(`provider ${this.def.typeName}`, err));
    }
    return { diagnostics: toProtoDiagnostics(diags) };
  }

  async configureProvider(req: { terraform_version?: string; config?: DynamicValueMsg }) {
    const diags: Diagnostic[] = [];
    try {
      const config = (decodeDynamic(req.config, this.providerType) ?? {}) as Obj;
      const model = toModel<Obj>(unknownsToNull(config));
      this.configured = await this.def.configure(model as never, { terraformVersion: req.terraform_version ?? '' });
      this.isConfigured = true;
    } catch (err) {
      diags.push(...diagnosticsFromError(`provider ${this.def.typeName} configuration`, err));
    }
    return { diagnostics: toProtoDiagnostics(diags) };
  }

  private validateWith(entry: Entry<{ schema: SchemaDef; validate?: ResourceHandler<SchemaDef, P>['validate'] }>, config: DynamicValueMsg | undefined) {
    const diags: Diagnostic[] = [];
    try {
      const value = decodeDynamic(config, entry.type) as Obj | null;
      if (value) {
        runValidators(entry.handler.schema, value, [], diags);
        const extra = entry.handler.validate?.(toModel(value), { log: this.log });
        if (extra) diags.push(...extra);
      }
    } catch (err) {
      diags.push(...diagnosticsFromError(entry.fullName, err));
    }
    return { diagnostics: toProtoDiagnostics(diags) };
  }

  validateResourceConfig(req: { type_name: string; config?: DynamicValueMsg; client_capabilities?: { write_only_attributes_allowed?: boolean } | null }) {
    const entry = this.resource(req.type_name);
    const result = this.validateWith(entry, req.config);
    if (req.client_capabilities?.write_only_attributes_allowed) return result;
    // An engine without write-only support would store the value in plan and state: refuse it.
    try {
      const value = decodeDynamic(req.config, entry.type) as Obj | null;
      const paths = value ? writeOnlyPathsSet(entry.handler.schema, value) : [];
      const refusals = paths.map((path) =>
        error(`${entry.fullName}: ${formatPath(path)} is write-only, and this Terraform does not support write-only attributes`, writeOnlyFix(entry.handler.schema, path), path),
      );
      return { diagnostics: [...result.diagnostics, ...toProtoDiagnostics(refusals)] };
    } catch {
      return result;
    }
  }

  validateDataResourceConfig(req: { type_name: string; config?: DynamicValueMsg }) {
    return this.validateWith(this.dataSource(req.type_name), req.config);
  }

  validateEphemeralResourceConfig(req: { type_name: string; config?: DynamicValueMsg }) {
    return this.validateWith(this.ephemeral(req.type_name), req.config);
  }

  /**
   * Opens an ephemeral resource: configuration values come back verbatim, the handler provides
   * the computed ones. With a configuration that is not wholly known (possible during validate
   * or a plan), the computed values are answered unknown without calling the handler.
   */
  async openEphemeralResource(req: { type_name: string; config?: DynamicValueMsg }) {
    const entry = this.ephemeral(req.type_name);
    const diags: Diagnostic[] = [];
    try {
      const config = (decodeDynamic(req.config, entry.type) ?? {}) as Obj;
      const planned = planCreate(entry.handler.schema, config);
      if (!isWhollyKnown(config)) {
        return { result: encodeDynamic(checkConforms(planned, entry.type), entry.type), diagnostics: [] };
      }
      const opened = await entry.handler.open({ config: toModel(config), ctx: this.ctx(entry.fullName, diags) });
      const result = checkConforms(mergeApplied(entry.handler.schema, planned, opened.result as Obj), entry.type);
      if (!isWhollyKnown(result)) throw new Error('provider bug: an opened ephemeral resource left a value unknown');
      return {
        result: encodeDynamic(result, entry.type),
        ...(opened.private ? { private: encodePrivate(opened.private) } : {}),
        ...(opened.renewAt ? { renew_at: toTimestamp(opened.renewAt) } : {}),
        diagnostics: toProtoDiagnostics(diags),
      };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} open`, err)]) };
    }
  }

  async renewEphemeralResource(req: { type_name: string; private?: Buffer | Uint8Array | null }) {
    const entry = this.ephemeral(req.type_name);
    const diags: Diagnostic[] = [];
    try {
      if (!entry.handler.renew) throw new Error(`${entry.fullName} cannot be renewed (open set no renewal time)`);
      const res = await entry.handler.renew({ private: decodePrivate(req.private), ctx: this.ctx(entry.fullName, diags) });
      return {
        ...(res.private ? { private: encodePrivate(res.private) } : {}),
        ...(res.renewAt ? { renew_at: toTimestamp(res.renewAt) } : {}),
        diagnostics: toProtoDiagnostics(diags),
      };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} renew`, err)]) };
    }
  }

  async closeEphemeralResource(req: { type_name: string; private?: Buffer | Uint8Array | null }) {
    const entry = this.ephemeral(req.type_name);
    const diags: Diagnostic[] = [];
    try {
      if (entry.handler.close) await entry.handler.close({ private: decodePrivate(req.private), ctx: this.ctx(entry.fullName, diags) });
      return { diagnostics: toProtoDiagnostics(diags) };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} close`, err)]) };
    }
  }

  upgradeResourceState(req: { type_name: string; version: number | string; raw_state?: { json?: Buffer | Uint8Array | null } }) {
    const entry = this.resource(req.type_name);
    try {
      const raw = req.raw_state?.json ? Buffer.from(req.raw_state.json).toString('utf8') : '';
      if (!raw) return { upgraded_state: encodeDynamic(null, entry.type), diagnostics: [] };
      const from = Number(req.version);
      const current = entry.handler.schema.version;
      if (from > current) {
        throw new Error(`state was written by a newer provider (schema version ${from}, this provider knows ${current}); upgrade the provider`);
      }
      const value = normalizeStateJson(raw, entry.handler.schema, entry.type, from, current, entry.handler.upgraders ?? {});
      // A state an engine without write-only support wrote (or an upgrader) never carries one on.
      const upgraded = value === null ? null : nullWriteOnly(entry.handler.schema, value as Obj);
      return { upgraded_state: encodeDynamic(upgraded, entry.type), diagnostics: [] };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics(diagnosticsFromError(`${entry.fullName} state upgrade`, err)) };
    }
  }

  async readResource(req: { type_name: string; current_state?: DynamicValueMsg; private?: Buffer | Uint8Array }) {
    const entry = this.resource(req.type_name);
    const warnings: Diagnostic[] = [];
    try {
      const current = decodeDynamic(req.current_state, entry.type) as Obj | null;
      if (current === null) return { diagnostics: [] };
      const result = await entry.handler.read({ state: toModel(current), private: decodePrivate(req.private), ctx: this.ctx(entry.fullName, warnings) });
      if (result === null) {
        this.log.info('object no longer exists; Terraform will plan to create it', { type: entry.fullName });
        return { diagnostics: toProtoDiagnostics(warnings) };
      }
      const state = nullWriteOnly(entry.handler.schema, fromModel(entry.handler.schema, entry.type, result.state, current, entry.fullName));
      return {
        new_state: encodeDynamic(state, entry.type),
        private: result.private ? encodePrivate(result.private) : (req.private ?? Buffer.alloc(0)),
        diagnostics: toProtoDiagnostics(warnings),
      };
    } catch (err) {
      return { new_state: req.current_state, private: req.private, diagnostics: toProtoDiagnostics([...warnings, ...diagnosticsFromError(`${entry.fullName} read`, err)]) };
    }
  }

  async planResourceChange(req: { type_name: string; prior_state?: DynamicValueMsg; proposed_new_state?: DynamicValueMsg; config?: DynamicValueMsg; prior_private?: Buffer | Uint8Array }) {
    const entry = this.resource(req.type_name);
    const h = entry.handler;
    const diags: Diagnostic[] = [];
    try {
      const prior = decodeDynamic(req.prior_state, entry.type) as Obj | null;
      const proposed = decodeDynamic(req.proposed_new_state, entry.type) as Obj | null;
      if (proposed === null) {
        if (prior && h.planDestroy) {
          const extra = await h.planDestroy({ prior: toModel(prior), ctx: this.ctx(entry.fullName, diags) });
          if (extra) diags.push(...extra);
        }
        return { planned_private: req.prior_private, diagnostics: toProtoDiagnostics(diags) };
      }
      const config = (decodeDynamic(req.config, entry.type) ?? proposed) as Obj;
      let planned: Obj;
      let replace: AttributePath[] = [];
      // Write-only values reach the plan hook (config) but are planned null.
      const stored = nullWriteOnly(h.schema, config);
      if (prior === null) planned = planCreate(h.schema, stored);
      else ({ planned, requiresReplace: replace } = planUpdate(h.schema, prior, stored, { canUpdate: !!h.update }, entry.type));

      if (h.plan) {
        const res = await h.plan({ config: toModel(config), prior: prior ? toModel(prior) : null, planned: toModel(planned), ctx: this.ctx(entry.fullName, diags) });
        if (res) {
          planned = applyPlanHook(entry.fullName, h.schema, config, planned, res.computed as Obj | undefined, res.unknown);
          if (res.diagnostics) diags.push(...res.diagnostics);
          if (prior && res.requiresReplace) replace = [...replace, ...res.requiresReplace.map((p) => parsePath(p))];
        }
      }
      if (hasErrors(diags)) return { diagnostics: toProtoDiagnostics(diags) };
      return {
        planned_state: encodeDynamic(checkConforms(planned, entry.type), entry.type),
        requires_replace: toProtoPaths(replace),
        planned_private: req.prior_private ?? Buffer.alloc(0),
        diagnostics: toProtoDiagnostics(diags),
      };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} plan`, err)]) };
    }
  }

  async applyResourceChange(req: { type_name: string; prior_state?: DynamicValueMsg; planned_state?: DynamicValueMsg; config?: DynamicValueMsg; planned_private?: Buffer | Uint8Array }) {
    const entry = this.resource(req.type_name);
    const h = entry.handler;
    const diags: Diagnostic[] = [];
    const prior = decodeDynamic(req.prior_state, entry.type) as Obj | null;
    const planned = decodeDynamic(req.planned_state, entry.type) as Obj | null;
    const priv = decodePrivate(req.planned_private);
    try {
      const ctx = this.ctx(entry.fullName, diags);
      if (planned === null) {
        if (prior) await h.delete({ prior: toModel(prior), private: priv, ctx });
        return { private: Buffer.alloc(0), diagnostics: toProtoDiagnostics(diags) };
      }
      const config = (decodeDynamic(req.config, entry.type) ?? planned) as Obj;
      const plannedModel = toModel<Model<SchemaDef>>(unknownsToNull(planned));
      const result =
        prior === null
          ? await h.create({ planned: plannedModel, config: toModel(config), ctx })
          : h.update
            ? await h.update({ prior: toModel(prior), planned: plannedModel, config: toModel(config), private: priv, ctx })
            : (() => {
                throw new Error('provider bug: update planned for a resource without an update handler');
              })();
      const merged = checkConforms(nullWriteOnly(h.schema, mergeApplied(h.schema, planned, result.state as Obj)), entry.type);
      return {
        new_state: encodeDynamic(merged, entry.type),
        private: encodePrivate(result.private ?? (prior ? priv : undefined)),
        diagnostics: toProtoDiagnostics(diags),
      };
    } catch (err) {
      const verb = planned === null ? 'destroy' : prior === null ? 'create' : 'update';
      // Errors keep the prior object in state (Terraform does so when new_state is absent).
      return {
        ...(prior ? { new_state: req.prior_state } : {}),
        diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} ${verb}`, err)]),
      };
    }
  }

  async importResourceState(req: { type_name: string; id: string }) {
    const entry = this.resource(req.type_name);
    const diags: Diagnostic[] = [];
    try {
      if (!entry.handler.import) throw new Error(`${entry.fullName} does not support import`);
      const res = await entry.handler.import({ id: req.id, ctx: this.ctx(entry.fullName, diags) });
      const state = nullWriteOnly(entry.handler.schema, fromModel(entry.handler.schema, entry.type, res.state, null, entry.fullName));
      return {
        imported_resources: [{ type_name: entry.fullName, state: encodeDynamic(state, entry.type), private: encodePrivate(res.private) }],
        diagnostics: toProtoDiagnostics(diags),
      };
    } catch (err) {
      return { imported_resources: [], diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} import`, err)]) };
    }
  }

  async readDataSource(req: { type_name: string; config?: DynamicValueMsg }) {
    const entry = this.dataSource(req.type_name);
    const diags: Diagnostic[] = [];
    try {
      const config = decodeDynamic(req.config, entry.type) as Obj;
      const result = await entry.handler.read({ config: toModel(config), ctx: this.ctx(entry.fullName, diags) });
      // Configuration values come back verbatim; the handler provides computed ones.
      const planned = planCreate(entry.handler.schema, config);
      const state = checkConforms(mergeApplied(entry.handler.schema, planned, result as unknown as Obj), entry.type);
      return { state: encodeDynamic(state, entry.type), diagnostics: toProtoDiagnostics(diags) };
    } catch (err) {
      return { diagnostics: toProtoDiagnostics([...diags, ...diagnosticsFromError(`${entry.fullName} read`, err)]) };
    }
  }
}

/**
 * How to fix a write-only attribute an old engine would store: a newer engine, or the stored
 * alternative the schema declares under the same name without `_wo` (the siderolabs convention).
 */
function writeOnlyFix(shape: { attributes: Attributes }, path: AttributePath): string {
  const first = path[0];
  const name = first && 'attr' in first ? first.attr : '';
  const stored = name.endsWith('_wo') && path.length === 1 && name.slice(0, -3) in shape.attributes ? name.slice(0, -3) : undefined;
  return (
    'Write-only values need Terraform >= 1.11 (or OpenTofu >= 1.11), which keeps them out of plan and state; this engine would store the value in state. ' +
    (stored ? `Upgrade the engine, or set ${stored} instead (its value is kept in state).` : 'Upgrade the engine.')
  );
}

function toTimestamp(at: Date): { seconds: string; nanos: number } {
  const ms = at.getTime();
  return { seconds: String(Math.floor(ms / 1000)), nanos: (ms % 1000) * 1_000_000 };
}

function toProtoPaths(paths: AttributePath[]) {
  return paths.map((p) => ({
    steps: p.map((s) => ('attr' in s ? { attribute_name: s.attr } : 'key' in s ? { element_key_string: s.key } : { element_key_int: s.index })),
  }));
}

/**
 * Takes the values a plan hook computed (only for computed attributes the user left unset)
 * and the attributes it wants unknown (to force an update, e.g. a certificate due for renewal).
 */
function applyPlanHook(where: string, shape: { attributes: Attributes; blocks: Blocks }, config: Obj, planned: Obj, computed: Obj | undefined, unknowns: readonly string[] | undefined): Obj {
  const out: Obj = { ...planned };
  const check = (name: string) => {
    const def = shape.attributes[name];
    if (!def || !isComputed(def)) throw new Error(`${where}: provider bug: plan hook set "${name}", which is not a computed attribute`);
    if ((config[name] ?? null) !== null) throw new Error(`${where}: provider bug: plan hook set "${name}", which the configuration sets`);
  };
  for (const [name, value] of Object.entries(computed ?? {})) {
    if (value === undefined) continue;
    check(name);
    out[name] = value;
  }
  for (const name of unknowns ?? []) {
    check(name);
    out[name] = unknown();
  }
  return out;
}
