/** The Terraform schema of `capi_components`; what it does is beside it. */
import { attr, block, defineSchema, t } from '../../../runtime';
import { CERT_MANAGER, defaultVersionOf, PROVIDERS, type VersionAttribute } from '../../components/catalog';
import { releaseVersionProblem } from '../../components/versions';
import { type CertManagerMode } from '../../install/cert-manager';
import { type InventoryItem } from './input';
import { durationProblem } from '../../../kernel/duration';

export const DEFAULT_WAIT_TIMEOUT = '5m';

/** Why `text` is not a usable wait_timeout (a Go duration of at least 1s), or undefined. */
export function waitTimeoutProblem(text: string): string | undefined {
  return durationProblem(text, 1000);
}

export const CERT_MANAGER_MODES: readonly CertManagerMode[] = ['auto', 'external'];

export const IMAGE_COMPONENTS = ['all', CERT_MANAGER.label, ...PROVIDERS.map((p) => p.manifestLabel)];

export const inventoryType = t.list(t.object({ name: t.string, namespace: t.string, provider_name: t.string, type: t.string, version: t.string, missing_objects: t.number }));

/** The catalog's pinned release is the attribute's default (one place pins the served set). */
export const versionAttr = (attribute: VersionAttribute, description: string) =>
  attr.string({ mode: 'optional', default: defaultVersionOf(attribute), description, validators: [(v) => releaseVersionProblem(v)] });

export const schema = defineSchema({
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
