/**
 * What the lab and `npm start` build from source, with each component's existing entry point
 * (which owns the pins, the cache layout and the warm check) and its measured cold build time:
 * empty Go caches, on a busy 2-core machine (COLD_REFERENCE), Go 1.26.8, module proxy reachable.
 * Measured: lab-k8s 289-322 s; bpg-proxmox 237 s alone, 23-34 s right after lab-k8s (shared
 * modules); providers 1.3 s; lab-capi 377 s after those (1030 s alone on a loaded machine);
 * talosctl 115 s after all of them, 425 s without lab-capi's packages (2 jobs); tofu 268 s with
 * empty caches (module downloads included, 2 jobs). Warm checks take 0.1-0.5 s each.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { packageDir } from '../../../tools/build/build-providers';
import { MIRROR_DIR, PROVIDERS, REPO_ROOT } from '../../../tools/build/catalog';
import { BPG_PROXMOX } from '../../../tools/build/proxmox-provider';
import { CAPI_BUILD_SCRIPT } from '../capi/binaries';
import { CCM_BUILD_SCRIPT } from '../ccm/binary';
import { BUILD_SCRIPT as LAB_K8S_BUILD_SCRIPT } from '../k8s/binaries';
import { TOFU_BUILD_SCRIPT, TOFU_VERSION } from '../tofu/binary';
import type { BuildCommand, BuildComponent } from './runner';

const TALOSCTL_BUILD_SCRIPT = path.join(REPO_ROOT, 'test/lab/talos/talosctl/build.sh');

/** `node --import tsx <script>`: a TypeScript entry point without a wrapper process. */
function tsxCommand(script: string, cacheDir: string): BuildCommand {
  return { command: process.execPath, args: ['--import', pathToFileURL(require.resolve('tsx')).href, script], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } };
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

const FIRST_RUN = 'first run (nothing cached yet)';

/**
 * Why a build.sh that keeps one directory per pin set (<cache>/<name>/bin/<stamp>/.complete)
 * builds: nothing complete is cached yet, or only other pins are.
 */
function pinnedBuildReason(cacheDir: string, name: string, pins: string): string {
  const bin = path.join(cacheDir, name, 'bin');
  const earlier = entries(bin).filter((d) => fs.existsSync(path.join(bin, d, '.complete')));
  return earlier.length > 0 ? `pins changed (${pins}, build.sh or the Go toolchain); cached Go packages make it faster than cold` : FIRST_RUN;
}

export const LAB_K8S: BuildComponent = {
  name: 'lab-k8s',
  what: 'lab Kubernetes (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kwok)',
  coldSeconds: 322,
  command: (cacheDir) => ({ command: 'bash', args: [LAB_K8S_BUILD_SCRIPT], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } }),
  buildsWhen: /^\[lab-k8s build\] cold: building/,
  reason: (cacheDir) => pinnedBuildReason(cacheDir, 'lab-k8s', 'test/lab/k8s/go/*'),
};

export const BPG_PROVIDER: BuildComponent = {
  name: 'bpg-proxmox',
  what: `the bpg/proxmox Terraform provider ${BPG_PROXMOX.version} (into dist/mirror)`,
  coldSeconds: 237,
  command: (cacheDir) => tsxCommand(path.join(REPO_ROOT, 'tools/build/proxmox-provider.ts'), cacheDir),
  buildsWhen: /^\[proxmox-provider\] building /,
  reason: (cacheDir) => {
    // ensureProxmoxProvider keeps one GOBIN per pinned version: <cache>/go/bin/bpg-proxmox-<version>
    // (created just before it says it builds, so only the binary in it counts).
    const bin = path.join(cacheDir, 'go', 'bin');
    const prefix = 'bpg-proxmox-';
    if (fs.existsSync(path.join(bin, `${prefix}${BPG_PROXMOX.version}`, 'terraform-provider-proxmox'))) return 'the cached binary does not report the pinned version';
    const others = entries(bin)
      .filter((d) => d.startsWith(prefix) && !d.includes('.partial') && d !== `${prefix}${BPG_PROXMOX.version}`)
      .map((d) => d.slice(prefix.length));
    return others.length > 0 ? `pin changed (cached: ${others.join(', ')})` : FIRST_RUN;
  },
};

export const OUR_PROVIDERS: BuildComponent = {
  name: 'providers',
  what: `our Terraform providers (${PROVIDERS.map((p) => p.type).join(', ')}) into dist/mirror`,
  coldSeconds: 5,
  command: (cacheDir) => tsxCommand(path.join(REPO_ROOT, 'tools/build/build-providers.ts'), cacheDir),
  reason: () => (PROVIDERS.every((p) => fs.existsSync(packageDir(p, MIRROR_DIR))) ? 'rebuilt on every run from providers/ (quick)' : 'first run (not in dist/mirror yet)'),
};

/**
 * The cdktf CLI's terminal addon for the Node that runs `npm start`: `npm install` provides it for
 * the Node that ran the install, so switching Node afterwards (20 → 24) would leave cdktf unable
 * to start. A load check when it is there (milliseconds); a node-gyp build when not.
 */
export const TERMINAL_ADDON: BuildComponent = {
  name: 'terminal-addon',
  what: `the cdktf CLI's terminal addon for Node ${process.version}`,
  // 1.6 s measured (node-gyp, one small C++ file).
  coldSeconds: 5,
  command: () => ({ command: process.execPath, args: [path.join(REPO_ROOT, 'tools/build/ensure-node-pty.cjs')], cwd: REPO_ROOT, env: {} }),
  buildsWhen: /^ensure-node-pty: building /,
  reason: () => 'npm install ran on another Node, or its build was skipped',
};

export const TALOSCTL: BuildComponent = {
  name: 'talosctl',
  what: 'talosctl (only the tests use it: real-client checks of the Talos simulator)',
  coldSeconds: 425,
  command: (cacheDir) => ({ command: 'bash', args: [TALOSCTL_BUILD_SCRIPT], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } }),
  buildsWhen: /^\[talosctl build\] building talosctl/,
  reason: (cacheDir) => (fs.existsSync(path.join(cacheDir, 'bin', 'talosctl')) ? 'pin changed (the cached talosctl reports another version)' : FIRST_RUN),
};

export const LAB_CAPI: BuildComponent = {
  name: 'lab-capi',
  what: 'the Cluster API managers (core, CABPT, CACPPT, CAPMOX, IPAM), clusterctl, kustomize and the components they render',
  coldSeconds: 400,
  command: (cacheDir) => ({ command: 'bash', args: [CAPI_BUILD_SCRIPT], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } }),
  buildsWhen: /^\[lab-capi build\] cold: building/,
  reason: (cacheDir) => pinnedBuildReason(cacheDir, 'lab-capi', 'test/lab/capi/go/*'),
};

export const LAB_CCM: BuildComponent = {
  name: 'lab-ccm',
  what: "lab-ccm, the lab's cloud controller for Talos nodes (upstream cloud-node controller, Talos machinery client)",
  // 102 s with an empty build cache; a few seconds after lab-k8s and talosctl (shared packages).
  coldSeconds: 102,
  command: (cacheDir) => ({ command: 'bash', args: [CCM_BUILD_SCRIPT], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } }),
  buildsWhen: /^\[lab-ccm build\] cold: building/,
  reason: (cacheDir) => (entries(path.join(cacheDir, 'lab-ccm', 'bin')).length > 0 ? 'sources or pins changed (test/lab/ccm/go/*)' : FIRST_RUN),
};

export const TOFU: BuildComponent = {
  name: 'tofu',
  what: `OpenTofu ${TOFU_VERSION} (tofu), the second engine the stacks are deployed with (only the tests and users choosing OpenTofu need it)`,
  coldSeconds: 268,
  command: (cacheDir) => ({ command: 'bash', args: [TOFU_BUILD_SCRIPT], cwd: REPO_ROOT, env: { PTC_CACHE_DIR: cacheDir } }),
  buildsWhen: /^\[tofu build\] cold: building/,
  reason: (cacheDir) => pinnedBuildReason(cacheDir, 'tofu', 'test/lab/tofu/go/*'),
};

/** Every component, in build order (bpg before ours: build-providers lists bpg's mirror entry in dist/terraformrc). */
export const BUILD_COMPONENTS: readonly BuildComponent[] = [TERMINAL_ADDON, LAB_K8S, BPG_PROVIDER, OUR_PROVIDERS, LAB_CAPI, LAB_CCM, TALOSCTL, TOFU];

/** What the lab itself needs (`lab up`): its Kubernetes, the Cluster API managers with their components, the workload clusters' cloud controller. */
export const LAB_BUILDS: readonly BuildComponent[] = [LAB_K8S, LAB_CAPI, LAB_CCM];
/** What `npm start` needs: the cdktf CLI's addon, the lab, then the providers the deploy installs from dist/mirror. */
export const DEPLOY_BUILDS: readonly BuildComponent[] = [TERMINAL_ADDON, LAB_K8S, BPG_PROVIDER, OUR_PROVIDERS, LAB_CAPI, LAB_CCM];

/** Components by name, in table order; a clear error names unknown ones. */
export function selectComponents(names: readonly string[]): BuildComponent[] {
  const unknown = names.filter((n) => !BUILD_COMPONENTS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`unknown build component ${unknown.map((n) => `'${n}'`).join(', ')}; known: ${BUILD_COMPONENTS.map((c) => c.name).join(', ')}`);
  return BUILD_COMPONENTS.filter((c) => names.includes(c.name));
}
