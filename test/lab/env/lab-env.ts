/**
 * The embedded lab behind `npm start`, all on loopback: the Proxmox VE simulator (VMs, storage,
 * SDN), a stand-in for Image Factory, Talos machines at the lab cluster's addresses that stay
 * powered off until their VM starts (the simulator's boot hook powers the node at its cloud-init
 * IP on), their workload Kubernetes (test/lab/workload), and a lab management cluster with
 * cert-manager's CRDs applied as an externally managed cert-manager (for the capi stage).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_CONFIG_FILE } from '../../../tools/build/catalog';
import {} from '../../../stacks/app';
import { APP_ENV } from '../../../stacks/app-environment';
import { labDefaultDefinition, type ClusterDefinition } from '../../../stacks/definition';
import { startImageServer, type ImageServer } from '../images/image-server';
import { installExternalCertManager } from '../capi/cert-manager';
import { ensureLabBinaries, startLabCluster, type LabCluster } from '../k8s';
import { ensureLabCapiBinaries, labCapiOverridesDir, labCapiRequested, prepareLabCapiAttachment, type LabCapiAttachment } from '../capi';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../proxmox/simulator';
import { readMetaData } from '../proxmox/domain/nocloud';
import { LabWorkload } from '../workload';
import type { LabPaths } from './paths';

/** The Proxmox port the lab default definition names; another free port when it is taken. */
export const DEFAULT_PVE_PORT = 8006;

export interface LabEnvironmentOptions {
  readonly paths: LabPaths;
  /** Proxmox simulator port (default 8006, falling back to a free port). */
  readonly pvePort?: number;
  /** Start without the management cluster (no capi stage possible). */
  readonly withoutManagement?: boolean;
  /**
   * Addresses of the Talos machines the lab runs for a deploy's VMs (powered off until their VM
   * starts). Default: the lab default definition's nodes. Cluster API's VMs boot from their seeds.
   */
  readonly talosNodes?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface LabEnvironment {
  readonly pve: ProxmoxSimulator;
  readonly images: ImageServer;
  readonly workload: LabWorkload;
  readonly management: LabCluster | undefined;
  /** The real Cluster API managers attached to the management cluster (unless PTC_LAB_CAPI=0). */
  readonly capi: LabCapiAttachment | undefined;
  /** The lab definition the deploy will build (addresses of the nodes). */
  readonly definition: ClusterDefinition;
  /** What the deploy needs (also written to paths.envFile). Holds the API token: never print it. */
  readonly env: Readonly<Record<string, string>>;
  /** Non-secret facts for `status`. */
  readonly summary: Readonly<Record<string, string>>;
  /**
   * Fault: the next `count` VMs that boot from a NoCloud seed start, but Talos never comes up on
   * them (a broken disk image, a kernel that panics): no node answers at their address.
   */
  failNextTalosBoots(count: number): void;
  /** VMIDs whose Talos boot failed by that fault. */
  readonly failedTalosBoots: readonly number[];
  stop(): Promise<void>;
}

async function startPve(paths: LabPaths, port: number): Promise<ProxmoxSimulator> {
  const options = { stateFile: paths.pveState, timings: { taskMs: 200, agentBootMs: 300, authFailureDelayMs: 0 } };
  try {
    return await startProxmoxSimulator({ ...options, port });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    return startProxmoxSimulator({ ...options, port: 0 });
  }
}

/** Node address of a VM boot: its first cloud-init interface's IP without the prefix length. */
export function bootAddress(interfaces: readonly { readonly ip?: string }[]): string | undefined {
  const ip = interfaces.find((i) => i.ip && i.ip !== 'dhcp')?.ip;
  return ip?.split('/')[0];
}

export async function startLabEnvironment(options: LabEnvironmentOptions): Promise<LabEnvironment> {
  const { paths } = options;
  const log = options.log ?? (() => undefined);
  fs.mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
  // Talos machines and the Kubernetes clusters live in memory: a new lab starts empty everywhere,
  // so the Proxmox state does not claim VMs whose machines are gone (its CA is kept).
  for (const p of [paths.pveState, paths.workloadDir, paths.managementDir]) fs.rmSync(p, { recursive: true, force: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((err: Error) => log(`lab: stop failed: ${err.message}`));
  };
  // The management cluster starts beside the Proxmox and Talos simulators (it takes the longest).
  const startManagement = async (): Promise<{ management?: LabCluster; capi?: LabCapiAttachment }> => {
    if (options.withoutManagement) return {};
    await ensureLabBinaries();
    const started = Date.now();
    // The real Cluster API managers start once the capi stage has installed the components
    // (PTC_LAB_CAPI=0 leaves them out, for work that never adopts).
    const capi = labCapiRequested() ? await prepareLabCapiAttachment(paths.managementDir) : undefined;
    let management: LabCluster;
    try {
      // Serves once its API server does: the controller-manager and scheduler finish starting while
      // the first stages deploy (only the capi stage's Deployments need them, and it waits for those).
      management = await startLabCluster({
        name: 'management',
        role: 'management',
        baseDir: paths.managementDir,
        startTimeoutMs: 220_000,
        waitForControllers: false,
        ...capi?.clusterOptions,
      });
    } catch (err) {
      await capi?.stop();
      throw err;
    }
    const mgmt = management;
    stops.push(() => mgmt.stop());
    mgmt.controllersReady().then(
      () => log(`lab: management cluster controller-manager and scheduler serve (${Date.now() - started} ms)`),
      (err: Error) => log(`lab: ERROR: the management cluster's controllers did not start: ${err.message}`),
    );
    if (capi) {
      capi.attach(mgmt, log);
      stops.push(() => capi.stop());
    }
    await installExternalCertManager(mgmt);
    fs.copyFileSync(mgmt.kubeconfigPath, paths.managementKubeconfig);
    fs.chmodSync(paths.managementKubeconfig, 0o600);
    log(`lab: management cluster ${mgmt.server} (${Date.now() - started} ms), kubeconfig ${path.relative(paths.root, paths.managementKubeconfig)}`);
    return { management: mgmt, capi };
  };
  const managementStarting = startManagement();
  // Awaited below (or in the failure path); this only keeps an early failure from counting as unhandled.
  managementStarting.catch(() => undefined);
  try {
    const pve = await startPve(paths, options.pvePort ?? DEFAULT_PVE_PORT);
    stops.push(() => pve.close());
    log(`lab: Proxmox VE simulator on ${pve.url}`);
    const images = await startImageServer();
    stops.push(() => images.close());
    log(`lab: Image Factory stand-in on ${images.url}`);

    const definition = labDefaultDefinition({ baseDir: paths.root, proxmoxEndpoint: `${pve.url}/`, factoryUrl: images.url });
    const addresses = options.talosNodes ? [...options.talosNodes] : definition.plan.nodes.map((n) => n.ip);
    fs.mkdirSync(paths.workloadDir, { recursive: true });
    const workload = await LabWorkload.start({
      nodes: addresses,
      baseDir: paths.workloadDir,
      // Disk image (nocloud): no install step; short delays keep the lab quick.
      platform: 'nocloud',
      powerOn: false,
      delays: { installMs: 300, rebootMs: 1500, bootMs: 200, bootstrapReadyMs: 1500 },
      log,
    });
    stops.push(() => workload.stop());
    // VM → node address, from boot events (a destroyed VM's config is gone when its power-off fires).
    const vmAddress = new Map<number, string>();
    let bootFailures = 0;
    const failedTalosBoots: number[] = [];
    // The definition's nodes get their configuration over the Talos API; a VM someone else made
    // (Cluster API through CAPMOX) boots Talos from the NoCloud seed it carries, at the seed's address.
    pve.onBoot((e) => {
      const ip = bootAddress(e.interfaces);
      if (ip) vmAddress.set(e.vmid, ip);
      const seed = e.noCloud;
      if (!ip || (!addresses.includes(ip) && !seed?.userData)) return void log(`lab: VM ${e.vmid} (${e.name ?? '?'}) booted at ${ip ?? 'no address'}: no Talos node there`);
      if (seed && bootFailures > 0) {
        bootFailures--;
        failedTalosBoots.push(e.vmid);
        return void log(`lab: VM ${e.vmid} (${e.name ?? '?'}) started, but Talos does not come up on it (injected fault)`);
      }
      try {
        if (!workload.simulator.has(ip)) workload.simulator.addNode(ip);
        // The node's disks are the VM's drives (Disks.block.talos.dev, talos_machine_disks).
        const drives = e.drives.map((d) => ({
          slot: d.key,
          bytes: d.bytes,
          cdrom: d.cdrom,
          ssd: d.ssd,
          readonly: d.readonly,
          ...(d.serial ? { serial: d.serial } : {}),
          ...(d.wwn ? { wwn: d.wwn } : {}),
        }));
        if (drives.length > 0) workload.simulator.setHardware(ip, { drives });
      } catch (err) {
        return void log(`lab: VM ${e.vmid} (${e.name ?? '?'}) booted at ${ip}: ${(err as Error).message}`);
      }
      const node = workload.simulator.node(ip);
      log(`lab: VM ${e.vmid} (${e.name ?? '?'}) started: Talos node ${ip} powers on${seed ? ` with the NoCloud seed ${seed.volid}` : ''}`);
      (seed ? node.powerOnWithPlatform({ platform: 'nocloud', ...readMetaData(seed.metaData), userData: seed.userData }) : node.powerOn()).catch((err: Error) =>
        log(`lab: node ${ip} failed to boot: ${err.message}`),
      );
    });
    pve.onPowerOff((e) => {
      if (e.reason === 'reboot') return;
      const ip = vmAddress.get(e.vmid);
      if (!ip || !workload.simulator.has(ip)) return;
      log(`lab: VM ${e.vmid} ${e.reason}: Talos node ${ip} powers off`);
      // A destroyed VM that was not one of the definition's machines takes its node with it.
      if (e.reason === 'destroy' && !addresses.includes(ip)) void workload.simulator.removeNode(ip);
      else void workload.simulator.node(ip).shutdown();
    });
    log(`lab: Talos nodes ${addresses.join(', ')} (powered off until their VMs start)`);

    const { management, capi } = await managementStarting;

    // The pinned components, rendered from the very modules the managers are built from (only a
    // lab with a management cluster has a capi stage to install them).
    const overrides = management ? await labCapiOverridesDir(await ensureLabCapiBinaries()) : undefined;
    const env: Record<string, string> = {
      PROXMOX_VE_ENDPOINT: `${pve.url}/`,
      // The variable the lab default definition names (proxmox.credentials.apiTokenEnv): both the
      // lab-proxmox stage and the lab-capi adoption read exactly this one.
      PROXMOX_VE_API_TOKEN: pve.credentials.apiToken,
      // Go (bpg provider) trusts the simulator's CA through this file.
      SSL_CERT_FILE: pve.caFile,
      [APP_ENV.labProxmoxEndpoint]: `${pve.url}/`,
      [APP_ENV.labFactoryUrl]: images.url,
      // The lab default's proxmox.caFile: checked at plan against the endpoint and Go's trust (SSL_CERT_FILE above).
      [APP_ENV.labProxmoxCaFile]: pve.caFile,
      // The lab default writes .lab/kubeconfig and .lab/talosconfig beside this lab's other files.
      [APP_ENV.labRoot]: paths.root,
      [APP_ENV.managementKubeconfig]: paths.managementKubeconfig,
      ...(overrides ? { [APP_ENV.capiOverridesDir]: overrides } : {}),
      // Without the managers (PTC_LAB_CAPI=0) nothing would ever confirm the adoption: do not wait.
      ...(management && !labCapiRequested() ? { [APP_ENV.adoptionTimeoutSeconds]: '0' } : {}),
      TF_CLI_CONFIG_FILE: CLI_CONFIG_FILE,
    };
    const summary: Record<string, string> = {
      proxmox: `${pve.url}/`,
      imageFactory: images.url,
      talosNodes: addresses.join(','),
      clusterEndpoint: definition.plan.clusterEndpoint,
      management: management?.server ?? '(not started)',
    };
    const failNextTalosBoots = (count: number): void => {
      if (!Number.isInteger(count) || count < 0) throw new Error('failNextTalosBoots: count must be a whole number ≥ 0');
      bootFailures = count;
    };
    return { pve, images, workload, management, capi, definition, env, summary, failNextTalosBoots, failedTalosBoots, stop: stopAll };
  } catch (err) {
    // What the management cluster started is stopped too, once its start has settled.
    await managementStarting.catch(() => undefined);
    await stopAll();
    throw err;
  }
}
