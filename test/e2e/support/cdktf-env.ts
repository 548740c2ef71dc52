/**
 * The environment e2e tests give cdktf and terraform: the caller's, minus anything of the user's
 * that would steer a run elsewhere (a Proxmox login, a plugin cache, a backend choice, debug logs),
 * plus quiet, non-interactive settings and the test's own variables.
 */
const QUIET = {
  TF_IN_AUTOMATION: '1',
  CHECKPOINT_DISABLE: '1',
  CI: 'true',
  CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1',
  FORCE_COLOR: '0',
  DISABLE_VERSION_CHECK: '1',
};

const FOREIGN = [
  'PROXMOX_VE_API_TOKEN',
  'PROXMOX_VE_USERNAME',
  'PROXMOX_VE_PASSWORD',
  'PROXMOX_VE_ENDPOINT',
  'TF_PLUGIN_CACHE_DIR',
  'PTC_BACKEND',
  'PTC_LAB_MANAGEMENT_KUBECONFIG',
  'TF_LOG',
  'TF_LOG_PATH',
  'TF_LOG_PROVIDER',
  'TF_LOG_CORE',
];

export function cdktfTestEnv(vars: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of FOREIGN) delete env[k];
  return { ...env, ...QUIET, ...vars };
}
