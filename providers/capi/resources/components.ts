/**
 * `capi_components`: the Cluster API components of a management cluster, installed the way
 * `clusterctl init` installs them (cert-manager, core CAPI, CABPT, CACPPT, CAPMOX, in-cluster IPAM,
 * with clusterctl's labels and inventory). Version changes are in-place upgrades; destroy removes
 * what was installed. Problems the plan can see (missing variables, unreachable files or cluster,
 * incompatible contracts) are reported by the plan, before anything changes.
 */
import { attr, block, defineResource, defineSchema, DiagnosticsError, error, isUnknown, t, type HandlerContext, type Model, type Planned, type Diagnostic } from '../../runtime';
import { CERT_MANAGER, defaultVersionOf, PROVIDERS, type VersionAttribute } from '../components/catalog';
import { KubeUnreachableError } from '../kube';
import { prepareCertManager } from '../components/cert-manager';
import { prepareInstall, PrepareError, type PreparedInstall } from '../components/prepare';
import { releaseVersionProblem } from '../components/versions';
import { certManagerCrdsPresent, certManagerIsOurs, type CertManagerMode } from '../install/cert-manager';
import { installComponents, type AppliedRef } from '../install/install';
import { observeInstall } from '../install/observe';
import { preflight } from '../install/preflight';
import { uninstallComponents } from '../install/uninstall';
import type { CapiProviderContext } from '../provider-context';
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
  type InventoryItem,
} from './components-input';
import { parseDurationMs } from '../../kernel/duration';

const DEFAULT_WAIT_TIMEOUT = '5m';

/** Why `text` is not a usable wait_timeout (a Go duration of at least 1s), or undefined. */
export function waitTimeoutProblem(text: string): string | undefined {
  const ms = parseDurationMs(text);
  if (ms === undefined) return `must be a duration such as 300s, 5m or 1h30m, got ${JSON.stringify(text)}`;
  if (ms < 1000) return 'must be at least 1s';
  return undefined;
}
const CERT_MANAGER_MODES: readonly CertManagerMode[] = ['auto', 'external'];
const IMAGE_COMPONENTS = ['all', CERT_MANAGER.label, ...PROVIDERS.map((p) => p.manifestLabel)];

const inventoryType = t.list(t.object({ name: t.string, namespace: t.string, provider_name: t.string, type: t.string, version: t.string, missing_objects: t.number }));

/** The catalog's pinned release is the attribute's default (one place pins the served set). */
const versionAttr = (attribute: VersionAttribute, description: string) =>
  attr.string({ mode: 'optional', default: defaultVersionOf(attribute), description, validators: [(v) => releaseVersionProblem(v)] });

const schema = defineSchema({
  description: 'Cluster API components (cert-manager, core, Talos bootstrap and control plane, Proxmox infrastructure, in-cluster IPAM) installed into the management cluster as clusterctl init does.',
  attributes: {
    id: attr.string({ mode: 'computed', computedPlan: 'keep', description: 'The management cluster API server URL.' }),
    core_version: versionAttr('core_version', 'Cluster API core provider release (kubernetes-sigs/cluster-api).'),
    bootstrap_version: versionAttr('bootstrap_version', 'Talos bootstrap provider release (CABPT).'),
    control_plane_version: versionAttr('control_plane_version', 'Talos control plane provider release (CACPPT).'),
    infrastructure_version: versionAttr('infrastructure_version', 'Proxmox infrastructure provider release (CAPMOX).'),
    ipam_version: versionAttr('ipam_version', 'In-cluster IPAM provider release.'),
    cert_manager: attr.string({
      mode: 'optional',
      default: 'auto',
      description: 'auto: reuse a cert-manager whose API answers, otherwise install (and later upgrade and remove) cert_manager_version; external: never install, require one.',
      validators: [(v) => (CERT_MANAGER_MODES.includes(v as CertManagerMode) ? undefined : `must be one of ${CERT_MANAGER_MODES.join(', ')}`)],
    }),
    cert_manager_version: attr.string({
      mode: 'optional',
      default: CERT_MANAGER.defaultVersion,
      description: 'cert-manager release installed when cert_manager is auto and none answers (default: what clusterctl of the pinned core installs).',
      validators: [(v) => releaseVersionProblem(v)],
    }),
    overrides_dir: attr.string({
      mode: 'optional',
      description: "Local directory in clusterctl's overrides layout (<dir>/<provider-label>/<version>/<file>); files found there are used instead of downloads (air-gapped installs).",
    }),
    repository_base_url: attr.string({
      mode: 'optional',
      description: 'Base of the release download URLs, <base>/<owner>/<repo>/releases/download/<version>/<file>; default https://github.com.',
      validators: [(v) => (/^https?:\/\/[^/]+/.test(v) ? undefined : 'must be an http(s) URL such as https://github.com')],
    }),
    variables: attr.stringMap({ mode: 'optional', sensitive: true, description: 'Values for ${VAR} references in the components YAML (as clusterctl takes from its config file).' }),
    proxmox_url: attr.string({ mode: 'optional', sensitive: true, description: 'PROXMOX_URL for the CAPMOX credentials Secret, e.g. https://pve.example.com:8006.' }),
    proxmox_token: attr.string({ mode: 'optional', sensitive: true, description: 'PROXMOX_TOKEN, the API token id, e.g. capmox@pve!capi.' }),
    proxmox_secret: attr.string({ mode: 'optional', sensitive: true, description: 'PROXMOX_SECRET, the API token secret.' }),
    wait_timeout: attr.string({
      mode: 'optional',
      default: DEFAULT_WAIT_TIMEOUT,
      description: 'How long each wait (CRDs Established, controllers Available, namespaces gone) may take.',
      validators: [(v) => waitTimeoutProblem(v)],
    }),
    inventory: attr.typed<InventoryItem[]>(inventoryType)({
      mode: 'computed',
      description: 'The clusterctl inventory entries (name = manifest label); missing_objects counts installed objects that disappeared since the last apply.',
    }),
    cert_manager_managed: attr.bool({ mode: 'computed', description: 'True when this resource installed cert-manager (and removes it on destroy).' }),
  },
  blocks: {
    image_override: block.list({
      description: "Image overrides as clusterctl's images configuration: component is all, cert-manager or a manifest label such as infrastructure-proxmox.",
      attributes: {
        component: attr.string({
          mode: 'required',
          validators: [(v) => (IMAGE_COMPONENTS.includes(v) ? undefined : `must be one of ${IMAGE_COMPONENTS.join(', ')}`)],
        }),
        repository: attr.string({ mode: 'optional', description: 'Replaces the part before the image name, e.g. registry.example.com/mirror.' }),
        tag: attr.string({ mode: 'optional' }),
      },
    }),
  },
});

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
