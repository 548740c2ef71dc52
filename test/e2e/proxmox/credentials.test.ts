/**
 * Real terraform + the real bpg/proxmox provider + our talos provider against the PVE simulator:
 * the bpg provider block takes its token from the ephemeral talos_proxmox_credentials, which
 * reads exactly the variable named (BETA_TOKEN) even while PROXMOX_VE_API_TOKEN holds another
 * valid token; a malformed or unset variable, or a CA Go would not trust, fails the plan with the
 * message naming the variable, the definition and the fix, before bpg sends a request. Neither
 * the plan nor the state holds the token.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BPG_PROXMOX } from '../../../tools/build/proxmox-provider';
import { startProxmoxSimulator, type ProxmoxSimulator } from '../../lab/proxmox/simulator';
import { run, terraformBinary } from '../../support/terraform';
import { proxmoxStageCliConfig } from './stack-env';

jest.setTimeout(10 * 60_000);

const ALPHA = { tokenid: 'root@pam!alpha', secret: '11111111-2222-3333-4444-555555555555' };
const BETA = { tokenid: 'root@pam!beta', secret: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee' };
const token = (t: { tokenid: string; secret: string }) => `${t.tokenid}=${t.secret}`;

let tmp: string;
let work: string;
let sim: ProxmoxSimulator;
let cliConfig: string;

function writeConfig(extra: { caPem?: string } = {}): void {
  const endpoint = `${sim.url}/`;
  const config = {
    terraform: { required_providers: { proxmox: { source: 'bpg/proxmox', version: BPG_PROXMOX.version }, talos: { source: 'ptc.internal/ptc/talos', version: '0.1.0' } } },
    ephemeral: {
      talos_proxmox_credentials: {
        beta: { endpoint, api_token_env: 'BETA_TOKEN', origin: 'clusters/beta.yaml', insecure: false, ...(extra.caPem ? { ca_pem: extra.caPem, ca_file: sim.caFile } : {}) },
      },
    },
    provider: { proxmox: { endpoint, insecure: false, api_token: '${ephemeral.talos_proxmox_credentials.beta.api_token}' }, talos: {} },
    // Read at plan: every plan makes an authenticated GET /nodes.
    data: { proxmox_virtual_environment_nodes: { all: {} } },
    output: { nodes: { value: '${data.proxmox_virtual_environment_nodes.all.names}' } },
  };
  fs.writeFileSync(path.join(work, 'main.tf.json'), JSON.stringify(config, null, 2));
}

function tf(args: string[], env: Record<string, string | undefined>) {
  const base: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', TF_INPUT: '0', CHECKPOINT_DISABLE: '1' };
  return run(terraformBinary(), [...args, '-no-color'], { cwd: work, env: { ...base, ...env }, timeoutMs: 5 * 60_000 });
}

/** Terraform's diagnostics without box drawing and line wrapping. */
const flat = (text: string) => text.replace(/│/g, ' ').replace(/\s+/g, ' ');

const usersOf = () => [...new Set(sim.requests().map((r) => r.user ?? '(none)'))];

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-e2e-pve-creds-'));
  work = path.join(tmp, 'work');
  fs.mkdirSync(work);
  cliConfig = await proxmoxStageCliConfig(tmp);
  sim = await startProxmoxSimulator({ stateFile: path.join(tmp, 'pve.json'), tokens: [ALPHA, BETA], timings: { authFailureDelayMs: 0 } });
  writeConfig({ caPem: sim.caPem });
  const init = await tf(['init'], {});
  if (init.code !== 0) throw new Error(`terraform init failed:\n${init.stdout}\n${init.stderr}`);
}, 15 * 60_000);

afterAll(async () => {
  await sim?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => sim.clearRequests());

test('bpg authenticates with the token of the named variable, not PROXMOX_VE_API_TOKEN; no token in plan or state', async () => {
  const env = { BETA_TOKEN: token(BETA), PROXMOX_VE_API_TOKEN: token(ALPHA), SSL_CERT_FILE: sim.caFile };
  const plan = await tf(['plan', '-out=tfplan'], env);
  expect(plan.code).toBe(0);
  expect(usersOf()).toEqual([BETA.tokenid]);
  const apply = await tf(['apply', 'tfplan'], env);
  expect(apply.code).toBe(0);
  expect(usersOf()).toEqual([BETA.tokenid]);
  const state = fs.readFileSync(path.join(work, 'terraform.tfstate'), 'utf8');
  expect(JSON.parse(state).outputs.nodes.value).toEqual(expect.arrayContaining(['pve1']));
  const shown = await tf(['show', '-json', 'tfplan'], env);
  for (const text of [state, shown.stdout, plan.stdout, plan.stderr, apply.stdout]) {
    expect(text).not.toContain(BETA.secret);
    expect(text).not.toContain(ALPHA.secret);
  }
});

test('a malformed token fails the plan naming the variable, the definition and the fix; bpg sends nothing', async () => {
  const res = await tf(['plan'], { BETA_TOKEN: BETA.tokenid, PROXMOX_VE_API_TOKEN: token(ALPHA), SSL_CERT_FILE: sim.caFile });
  expect(res.code).toBe(1);
  const out = flat(res.stderr);
  expect(out).toContain('environment variable BETA_TOKEN (named by clusters/beta.yaml: proxmox.credentials.apiTokenEnv) has no "=secret"');
  expect(out).toContain("Fix: export BETA_TOKEN='");
  expect(sim.requests()).toEqual([]);
});

test('an unset variable fails the plan with the export to add, instead of falling back to PROXMOX_VE_API_TOKEN', async () => {
  const res = await tf(['plan'], { PROXMOX_VE_API_TOKEN: token(ALPHA), SSL_CERT_FILE: sim.caFile });
  expect(res.code).toBe(1);
  expect(flat(res.stderr)).toContain('environment variable BETA_TOKEN (named by clusters/beta.yaml: proxmox.credentials.apiTokenEnv) is not set where Terraform runs');
  expect(usersOf()).not.toContain(ALPHA.tokenid);
});

test('a CA Go does not trust fails the plan with the export; without the check bpg itself fails on it', async () => {
  const empty = path.join(tmp, 'empty-bundle.pem');
  fs.writeFileSync(empty, '');
  const env = { BETA_TOKEN: token(BETA), SSL_CERT_FILE: empty, SSL_CERT_DIR: path.join(tmp, 'none') };
  const checked = await tf(['plan'], env);
  expect(checked.code).toBe(1);
  const out = flat(checked.stderr);
  expect(out).toContain(`bpg/proxmox would not trust proxmox.caFile ${sim.caFile} of clusters/beta.yaml`);
  expect(out).toContain(`export SSL_CERT_DIR="$SSL_CERT_DIR:${path.dirname(sim.caFile)}"`);
  // What the check predicts is what bpg does: the same environment without the check is a TLS failure.
  writeConfig();
  try {
    const unchecked = await tf(['plan'], env);
    expect(unchecked.code).toBe(1);
    expect(flat(unchecked.stderr)).toMatch(/x509|certificate/i);
    // And the fix the message gives works.
    writeConfig({ caPem: sim.caPem });
    const fixed = await tf(['plan'], { ...env, SSL_CERT_DIR: path.dirname(sim.caFile) });
    expect(fixed.code).toBe(0);
  } finally {
    writeConfig({ caPem: sim.caPem });
  }
});
