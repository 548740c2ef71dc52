/** The Terraform plugin runtime: everything a provider executable needs, no domain knowledge. */
export { attr, block, defineSchema, type Model, type SchemaDef, type Validator } from './schema/attributes';
export {
  defineDataSource,
  defineEphemeralResource,
  defineProvider,
  defineResource,
  type DataSourceHandler,
  type EphemeralOpenResult,
  type EphemeralResourceHandler,
  type HandlerContext,
  type Planned,
  type ProviderDefinition,
  type ResourceHandler,
} from './handler';
export { AttributeError, DiagnosticsError, error, warning, type Diagnostic } from './diagnostics';
export { serve } from './server/serve';
export { lazy, yamlLib } from '../kernel/lazy';
export { isUnknown, t, type CtyType } from './cty';
export type { Logger } from './logging';
