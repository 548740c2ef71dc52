/**
 * The Cluster API managers the lab runs as local processes: which binary, which installed
 * Deployment it stands in for, and the spelling of the flags that differ between providers
 * (each main.go defines its own). Everything else (feature gates, log level, env) is read from the
 * Deployment as installed, so the process runs the way the pod would.
 */
import type { LabCapiBinaries } from './binaries';

export type LabCapiManagerName = 'capi' | 'cabpt' | 'cacppt' | 'capmox' | 'ipam';

export interface LabCapiManagerSpec {
  readonly name: LabCapiManagerName;
  /** clusterctl manifest label of the provider. */
  readonly providerLabel: string;
  readonly binary: (bin: LabCapiBinaries) => string;
  readonly namespace: string;
  readonly deployment: string;
  /** Flag that enables leader election; the lab passes it as false. */
  readonly leaderElectFlag: string;
  /** Flag for the health/readiness endpoint address. */
  readonly healthFlag: string;
  /**
   * Webhook port: a flag, or a fixed port when main.go hard-codes it (CAPMOX v0.9.0 uses 9443 and
   * the controller-runtime default certificate directory, under $TMPDIR).
   */
  readonly webhook: { readonly portFlag: string; readonly certDirFlag: string } | { readonly fixedPort: number };
}

export const LAB_CAPI_MANAGERS: readonly LabCapiManagerSpec[] = [
  {
    name: 'capi',
    providerLabel: 'cluster-api',
    binary: (b) => b.capiManager,
    namespace: 'capi-system',
    deployment: 'capi-controller-manager',
    leaderElectFlag: '--leader-elect',
    healthFlag: '--health-addr',
    webhook: { portFlag: '--webhook-port', certDirFlag: '--webhook-cert-dir' },
  },
  {
    name: 'cabpt',
    providerLabel: 'bootstrap-talos',
    binary: (b) => b.cabptManager,
    namespace: 'cabpt-system',
    deployment: 'cabpt-controller-manager',
    leaderElectFlag: '--enable-leader-election',
    healthFlag: '--health-addr',
    webhook: { portFlag: '--webhook-port', certDirFlag: '--webhook-cert-dir' },
  },
  {
    name: 'cacppt',
    providerLabel: 'control-plane-talos',
    binary: (b) => b.cacpptManager,
    namespace: 'cacppt-system',
    deployment: 'cacppt-controller-manager',
    leaderElectFlag: '--enable-leader-election',
    healthFlag: '--health-addr',
    webhook: { portFlag: '--webhook-port', certDirFlag: '--webhook-cert-dir' },
  },
  {
    name: 'capmox',
    providerLabel: 'infrastructure-proxmox',
    binary: (b) => b.capmoxManager,
    namespace: 'capmox-system',
    deployment: 'capmox-controller-manager',
    leaderElectFlag: '--leader-elect',
    healthFlag: '--health-probe-bind-address',
    webhook: { fixedPort: 9443 },
  },
  {
    name: 'ipam',
    providerLabel: 'ipam-in-cluster',
    binary: (b) => b.ipamManager,
    namespace: 'capi-ipam-in-cluster-system',
    deployment: 'capi-ipam-in-cluster-controller-manager',
    leaderElectFlag: '--leader-elect',
    healthFlag: '--health-probe-bind-address',
    webhook: { portFlag: '--webhook-port', certDirFlag: '--webhook-cert-dir' },
  },
];

/** Flags the lab sets itself; the Deployment's values for them are dropped. */
export function labOwnedFlags(spec: LabCapiManagerSpec): readonly string[] {
  return [
    spec.leaderElectFlag,
    spec.healthFlag,
    '--diagnostics-address',
    '--insecure-diagnostics',
    '--metrics-bind-addr',
    '--metrics-bind-address',
    '--kubeconfig',
    ...('portFlag' in spec.webhook ? [spec.webhook.portFlag, spec.webhook.certDirFlag, '--webhook-cert-name', '--webhook-key-name'] : []),
  ];
}

/** The Deployment's args without the flags the lab owns (`--flag`, `--flag=value` or `--flag value`). */
export function argsWithoutLabFlags(args: readonly string[], owned: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const flag = arg.split('=')[0];
    if (!owned.includes(flag)) {
      out.push(arg);
      continue;
    }
    // `--flag value` form: the value is the next argument unless it is a flag itself (booleans).
    if (!arg.includes('=') && i + 1 < args.length && !args[i + 1].startsWith('-') && !flag.includes('leader')) i++;
  }
  return out;
}
