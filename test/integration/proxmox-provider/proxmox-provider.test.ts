/**
 * The real bpg/proxmox provider: built from the Go module proxy (cached), installed offline from
 * the filesystem mirror, its schema matching the committed bindings, and a CDKTF stack using those
 * bindings accepted by `terraform validate`. One file, so a cold cache builds the provider once.
 * Needs `go` (>= 1.26) and `terraform` on PATH.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readBindingsManifest, type BindingsManifest } from '../../../tools/build/bindings/generate';
import { mirrorOnlyCliConfig, terraformEnv } from '../../../tools/build/bindings/read-schema';
import { describeTreeDiff, isSameTree } from '../../../tools/build/bindings/tree-diff';
import { checkProxmoxBindings, PROXMOX_BINDINGS_DIR } from '../../../tools/build/generate-proxmox-bindings';
import { terraformBinary } from '../../../tools/build/engine';
import { BPG_PROXMOX, ensureProxmoxProvider, type EnsuredProvider } from '../../../tools/build/proxmox-provider';
import { downloadFile, provider, virtualEnvironmentVm } from '../../../providers/bindings/proxmox';
import { App, TerraformStack } from '../../../stacks/cdk';

const execFileAsync = promisify(execFile);
const FQPN = `${BPG_PROXMOX.hostname}/${BPG_PROXMOX.namespace}/${BPG_PROXMOX.type}`;

let ensured: EnsuredProvider;
let manifest: BindingsManifest;
const logs: string[] = [];

beforeAll(async () => {
  // A cold build compiles ~90 modules (about 80 s on 2 cores, longer under load).
  ensured = await ensureProxmoxProvider({ log: (l) => logs.push(l) });
  manifest = await readBindingsManifest(PROXMOX_BINDINGS_DIR);
}, 20 * 60_000);

describe('bpg/proxmox provider build', () => {
  it('sits in the unpacked mirror layout under its registry address and version', async () => {
    const rel = path.relative(ensured.mirrorDir, ensured.executable).split(path.sep);
    expect(rel.slice(0, 4)).toEqual(['registry.terraform.io', 'bpg', 'proxmox', BPG_PROXMOX.version]);
    expect(rel[5]).toBe(`terraform-provider-proxmox_v${BPG_PROXMOX.version}`);
    await fs.access(ensured.executable, fs.constants.X_OK);
  });

  it('is the pinned module version, built without cgo and with trimmed paths', async () => {
    const { stdout } = await execFileAsync('go', ['version', '-m', ensured.executable]);
    expect(stdout).toMatch(new RegExp(`\\n\\s*mod\\s+${BPG_PROXMOX.goModule}\\s+v${BPG_PROXMOX.version.replace(/\./g, '\\.')}\\s`));
    expect(stdout).toMatch(/build\s+CGO_ENABLED=0/);
    expect(stdout).toMatch(/build\s+-trimpath=true/);
  });

  it('is reused on the next run instead of rebuilt', async () => {
    const again = await ensureProxmoxProvider({ log: (l) => logs.push(l) });
    expect(again.built).toBe(false);
    expect(again.executable).toBe(ensured.executable);
  });
});

describe('committed bindings against the real provider schema', () => {
  it(
    'match a fresh generation from the built provider',
    async () => {
      const { diff, run } = await checkProxmoxBindings(PROXMOX_BINDINGS_DIR);
      expect(run.generated.manifest.schemaSha256).toBe(manifest.schemaSha256);
      if (!isSameTree(diff)) {
        throw new Error(`bindings drift:\n${describeTreeDiff(diff)}\nrun: npx tsx tools/build/generate-proxmox-bindings.ts`);
      }
    },
    5 * 60_000,
  );
});

describe('smoke stack: provider + image + VM through the mirror', () => {
  let workdir: string;

  beforeAll(async () => {
    workdir = await fs.mkdtemp(path.join(os.tmpdir(), 'ptc-proxmox-smoke-'));
  });

  afterAll(async () => {
    await fs.rm(workdir, { recursive: true, force: true });
  });

  it(
    'synthesizes, installs offline and validates',
    async () => {
      const app = new App({ outdir: path.join(workdir, 'out') });
      const stack = new TerraformStack(app, 'smoke');
      new provider.ProxmoxProvider(stack, 'pve', { endpoint: 'https://127.0.0.1:8006/', insecure: true });
      const image = new downloadFile.DownloadFile(stack, 'talos-image', {
        nodeName: 'pve1',
        datastoreId: 'local',
        contentType: 'import',
        url: 'https://factory.talos.dev/image/376567988ad370138ad8b2698212367b8edcb69b5fd68c80be1f2ec7d603b4ba/v1.11.5/nocloud-amd64.qcow2',
        fileName: 'talos-nocloud-amd64.qcow2',
        overwrite: false,
      });
      new virtualEnvironmentVm.VirtualEnvironmentVm(stack, 'cp-1', {
        nodeName: 'pve1',
        vmId: 1101,
        name: 'cp-1',
        tags: ['control-plane', 'talos'],
        bios: 'ovmf',
        machine: 'q35',
        scsiHardware: 'virtio-scsi-single',
        onBoot: true,
        stopOnDestroy: true,
        cpu: { type: 'host', cores: 2 },
        memory: { dedicated: 4096, floating: 0 },
        agent: { enabled: true },
        operatingSystem: { type: 'l26' },
        efiDisk: { datastoreId: 'local-lvm', type: '4m' },
        disk: [{ interface: 'scsi0', datastoreId: 'local-lvm', size: 20, importFromAttribute: image.id, iothread: true, discard: 'on', ssd: true }],
        // An SDKv2 attribute-mode list(object) in the schema: Terraform needs every field present
        // (a value or Token.nullValue()), although the generated struct marks them optional.
        networkDevice: [
          {
            bridge: 'vmbr0',
            model: 'virtio',
            macAddress: 'BC:24:11:00:04:4D',
            enabled: true,
            disconnected: false,
            firewall: true,
            mtu: 0,
            queues: 0,
            rateLimit: 0,
            trunks: '',
            vlanId: 0,
          },
        ],
        initialization: {
          datastoreId: 'local-lvm',
          ipConfig: [{ ipv4: { address: '127.0.10.11/24', gateway: '127.0.10.1' } }],
          dns: { servers: ['127.0.0.53'] },
        },
        smbios: { uuid: '5d8e6c1a-3f2b-4c7d-9e0a-1b2c3d4e5f60' },
      });
      app.synth();

      const stackDir = path.join(workdir, 'out', 'stacks', 'smoke');
      const synth = JSON.parse(await fs.readFile(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
        terraform: { required_providers: Record<string, unknown> };
        resource: Record<string, Record<string, { disk?: Array<Record<string, unknown>> }>>;
      };
      expect(synth.terraform.required_providers.proxmox).toEqual({ source: 'bpg/proxmox', version: BPG_PROXMOX.version });
      // The generator renames `import_from` in TypeScript (it clashes with a cdktf method); HCL keeps the real name.
      expect(synth.resource.proxmox_virtual_environment_vm['cp-1'].disk?.[0].import_from).toBe('${proxmox_download_file.talos-image.id}');

      const rc = path.join(workdir, 'terraformrc');
      await fs.writeFile(rc, mirrorOnlyCliConfig(ensured.mirrorDir, [FQPN]));
      const env = terraformEnv(rc);
      const tf = async (...args: string[]) => {
        try {
          return (await execFileAsync(terraformBinary(), args, { cwd: stackDir, env })).stdout;
        } catch (err) {
          const e = err as Error & { stdout?: string; stderr?: string };
          throw new Error(`terraform ${args.join(' ')} failed:\n${e.stderr || e.stdout || e.message}`);
        }
      };
      await tf('init', '-input=false', '-no-color');
      const lock = await fs.readFile(path.join(stackDir, '.terraform.lock.hcl'), 'utf8');
      expect(lock).toContain(`provider "${FQPN}"`);
      expect(lock).toContain(`version     = "${BPG_PROXMOX.version}"`);

      // validate exits non-zero on errors; its JSON report on stdout is what we assert on.
      const report = await execFileAsync(terraformBinary(), ['validate', '-json', '-no-color'], { cwd: stackDir, env }).then(
        (r) => r.stdout,
        (err: Error & { stdout?: string }) => err.stdout ?? '',
      );
      const validation = JSON.parse(report) as {
        valid: boolean;
        error_count: number;
        diagnostics: Array<{ severity: string; summary: string; detail?: string }>;
      };
      const errors = validation.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => `${d.summary}: ${d.detail ?? ''}`)).toEqual([]);
      expect(validation.valid).toBe(true);
    },
    5 * 60_000,
  );
});
