/**
 * `capi_components`: the Cluster API components of a management cluster, installed the way
 * `clusterctl init` installs them (cert-manager, core CAPI, CABPT, CACPPT, CAPMOX, in-cluster IPAM,
 * with clusterctl's labels and inventory). Version changes are in-place upgrades; destroy removes
 * what was installed. Problems the plan can see (missing variables, unreachable files or cluster,
 * incompatible contracts) are reported by the plan, before anything changes.
 */
import { defineResource, DiagnosticsError, error, isUnknown, type HandlerContext, type Model, type Planned, type Diagnostic } from '../../../runtime';
import { PROVIDERS } from '../../components/catalog';
import { KubeUnreachableError } from '../../kube';
import { prepareCertManager } from '../../components/cert-manager';
import { prepareInstall, PrepareError, type PreparedInstall } from '../../components/prepare';

import { certManagerCrdsPresent, certManagerIsOurs, type CertManagerMode } from '../../install/cert-manager';
import { installComponents, type AppliedRef } from '../../install/install';
import { observeInstall } from '../../install/observe';
import { preflight } from '../../install/preflight';
import { uninstallComponents } from '../../install/uninstall';
import type { CapiProviderContext } from '../../provider-context';
import {
  certManagerVersionOf,
  PROXMOX_VARIABLES,
  predictedInventory,
  prepareInputOf,
  redactor,
  sourceOf,
  imageOverridesOf,
  VARIABLE_NAME,
  VariableConflictError,
  type ComponentsConfig,
} from './input';
import { parseDurationMs } from '../../../kernel/duration';
import { schema, DEFAULT_WAIT_TIMEOUT } from './schema';

type State = Model<typeof schema>;
type Ctx = HandlerContext<CapiProviderContext>;

/** Attributes whose change means the install must be (re)applied. */
const INPUTS = [
  ...PROVIDERS.map((p) => p.versionAttribute),
  'cert_manager',
  'cert_manager_version',
  'overrides_dir',
  'repository_base_url',
  'variables',
  'proxmox_url',
  'proxmox_token',
  'proxmox_secret',
  'image_override',
] as const;

function wholeKnown(value: unknown): boolean {
  if (isUnknown(value)) return false;
  if (Array.isArray(value)) return value.every(wholeKnown);
  if (value && typeof value === 'object') return Object.values(value).every(wholeKnown);
  return true;
}

function asConfig(m: State): ComponentsConfig {
  return m;
}

function waitTimeoutMs(m: State): number {
  return parseDurationMs(m.wait_timeout ?? DEFAULT_WAIT_TIMEOUT) ?? 300_000;
}

/** Maps preparation problems to diagnostics on the attribute each concerns. */
function prepareDiagnostics(err: PrepareError): DiagnosticsError {
  return new DiagnosticsError(err.problems.map((p) => error(`capi_components: ${p.attribute}: ${p.message.split('\n')[0]}`, p.message, [{ attr: p.attribute }])));
}

async function prepare(m: State, ctx: Ctx): Promise<PreparedInstall> {
  try {
    return await prepareInstall(prepareInputOf(asConfig(m), ctx.signal));
  } catch (err) {
    if (err instanceof PrepareError) throw prepareDiagnostics(err);
    if (err instanceof VariableConflictError) throw new DiagnosticsError([error(`capi_components: ${err.message}`, undefined, [{ attr: 'variables' }])]);
    throw err;
  }
}

/** Runs `fn`, removing sensitive values from any error message it throws; an unreachable cluster becomes a clear diagnostic. */
async function redacting<T>(m: State, fn: () => Promise<T>): Promise<T> {
  const redact = redactor(asConfig(m));
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KubeUnreachableError) {
      throw new DiagnosticsError([error(`capi_components: ${err.message}`, "Check the management cluster and the capi provider's kubeconfig or kubeconfig_path; nothing was changed by this step.")]);
    }
    if (err instanceof DiagnosticsError) throw new DiagnosticsError(err.diagnostics.map((d) => ({ ...d, summary: redact(d.summary), detail: d.detail && redact(d.detail) })));
    if (err instanceof Error) err.message = redact(err.message);
    throw err;
  }
}

type PrivateState = { applied?: string[] };

function encodeApplied(refs: readonly AppliedRef[]): string[] {
  return refs.map((r) => [r.component, r.apiVersion, r.kind, r.namespace ?? '', r.name].join('|'));
}

function decodeApplied(priv: Record<string, unknown>): AppliedRef[] {
  const list = (priv as PrivateState).applied;
  if (!Array.isArray(list)) return [];
  return list.map((s) => {
    const [component, apiVersion, kind, namespace, name] = s.split('|');
    return { component, apiVersion, kind, ...(namespace ? { namespace } : {}), name };
  });
}

async function apply(m: State, ctx: Ctx, creating: boolean) {
  const prepared = await prepare(m, ctx);
  const mgmt = ctx.provider.management();
  const config = asConfig(m);
  const result = await installComponents(mgmt, {
    prepared,
    certManager: {
      mode: (m.cert_manager ?? 'auto') as CertManagerMode,
      version: certManagerVersionOf(config),
      prepare: () => prepareCertManager(certManagerVersionOf(config), sourceOf(config, ctx.signal), imageOverridesOf(config)),
    },
    waitTimeoutMs: waitTimeoutMs(m),
    signal: ctx.signal,
    progress: (message, fields) => ctx.log.info(message, fields),
  });
  for (const w of result.warnings) ctx.warn(w);
  return {
    // The id is planned once (at create) and kept.
    state: { ...(creating ? { id: mgmt.server } : {}), inventory: predictedInventory(config), cert_manager_managed: result.certManagerManaged },
    private: { applied: encodeApplied(result.applied) } satisfies PrivateState,
  };
}

/** Read-only checks a plan can afford when the install will change: files, variables, contracts, the cluster. */
async function planChecks(m: State, ctx: Ctx): Promise<Diagnostic[]> {
  const prepared = await prepare(m, ctx);
  const warnings: Diagnostic[] = prepared.warnings.map((w) => ({ severity: 'warning', summary: `capi_components: ${w}` }));
  if (!ctx.provider.hasCluster) return warnings;
  const mgmt = ctx.provider.management();
  const core = m.core_version ?? PROVIDERS[0].defaultVersion;
  const pre = await preflight(mgmt, core, ctx.signal);
  warnings.push(...pre.warnings.map((w): Diagnostic => ({ severity: 'warning', summary: `capi_components: ${w}` })));
  const mode = (m.cert_manager ?? 'auto') as CertManagerMode;
  const present = await certManagerCrdsPresent(mgmt, ctx.signal);
  if (mode === 'external' && !present) {
    throw new DiagnosticsError([
      error(`capi_components: cert_manager: cert-manager is not installed on ${mgmt.server}`, 'Install cert-manager first, or set cert_manager = "auto".', [{ attr: 'cert_manager' }]),
    ]);
  }
  // cert-manager will be installed (or upgraded, when ours): its release must be readable too.
  if (mode === 'auto' && (!present || (await certManagerIsOurs(mgmt, ctx.signal)))) {
    const config = asConfig(m);
    try {
      await prepareCertManager(certManagerVersionOf(config), sourceOf(config, ctx.signal), imageOverridesOf(config));
    } catch (err) {
      throw new DiagnosticsError([error(`capi_components: cert_manager_version: ${(err as Error).message}`, undefined, [{ attr: 'cert_manager_version' }])]);
    }
  }
  return warnings;
}

function sameInputs(a: Planned<State>, b: State): boolean {
  return INPUTS.every((k) => JSON.stringify(a[k] ?? null) === JSON.stringify(b[k] ?? null));
}

export const components = defineResource<typeof schema, CapiProviderContext>({
  name: 'components',
  schema,
  validate(config) {
    const diags: Diagnostic[] = [];
    const vars = config.variables;
    if (vars && !isUnknown(vars)) {
      for (const [name, value] of Object.entries(vars)) {
        if (!VARIABLE_NAME.test(name))
          diags.push(error(`capi_components: variables: ${JSON.stringify(name)} is not a variable name`, 'Use letters, digits and _ (e.g. PROXMOX_URL).', [{ attr: 'variables' }]));
        for (const [attribute, varName] of Object.entries(PROXMOX_VARIABLES)) {
          const dedicated = config[attribute as keyof typeof PROXMOX_VARIABLES];
          if (name === varName && dedicated !== null && dedicated !== undefined && !isUnknown(value)) {
            diags.push(error(`capi_components: ${varName} is set both in variables and by ${attribute}; keep one`, undefined, [{ attr: 'variables' }]));
          }
        }
      }
    }
    return diags;
  },
  async plan({ prior, planned, ctx }) {
    if (!INPUTS.every((k) => wholeKnown(planned[k]))) return;
    const m = planned as State;
    const computed: Partial<State> = { inventory: predictedInventory(asConfig(m)) };
    if (!prior && ctx.provider.hasCluster) computed.id = ctx.provider.management().server;
    // Refresh put the live versions and missing-object counts into the prior inventory.
    const drifted = prior !== null && JSON.stringify(prior.inventory) !== JSON.stringify(computed.inventory);
    if (prior && sameInputs(planned, prior) && !drifted) return { computed };
    const diagnostics = await redacting(m, () => planChecks(m, ctx));
    return { computed, diagnostics, unknown: drifted ? ['cert_manager_managed'] : [] };
  },
  async create({ planned, ctx }) {
    return redacting(planned, () => apply(planned, ctx, true));
  },
  async update({ planned, ctx }) {
    return redacting(planned, () => apply(planned, ctx, false));
  },
  async read({ state, private: priv, ctx }) {
    return redacting(state, async () => {
      const mgmt = ctx.provider.management();
      const observed = await observeInstall(mgmt, decodeApplied(priv), ctx.signal);
      if (observed.gone) {
        ctx.log.warn('no inventory entry of ours is left on the management cluster; planning a new install', { server: mgmt.server });
        return null;
      }
      const inventory = predictedInventory(asConfig(state)).map((item) => {
        const seen = observed.providers.find((p) => p.manifestLabel === item.name);
        return { ...item, version: seen?.version ?? '', missing_objects: seen?.missingObjects ?? 0 };
      });
      return { state: { ...state, inventory }, private: priv };
    });
  },
  async delete({ prior, ctx }) {
    await redacting(prior, async () => {
      const result = await uninstallComponents(ctx.provider.management(), {
        includeCertManager: prior.cert_manager_managed === true,
        waitTimeoutMs: waitTimeoutMs(prior),
        signal: ctx.signal,
        progress: (message, fields) => ctx.log.info(message, fields),
      });
      for (const w of result.warnings) ctx.warn(w);
    });
  },
});
