/** Bad options to startLabCapiControllers fail with a message naming the option, before anything is built or started. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabCapiControllers, type LabCapiControllersOptions } from '../../../lab/capi/controllers';
import type { WebhookEgress } from '../../../lab/capi/webhook-egress';

let dir: string;
let kubeconfigPath: string;
const egress: WebhookEgress = {
  apiServerArgs: ['--egress-selector-config-file=/x'],
  socketPath: '/x.sock',
  setResolver: () => undefined,
  failures: () => [],
  close: async () => undefined,
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ptc-capi-opts-'));
  kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(kubeconfigPath, 'apiVersion: v1\nkind: Config\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = (): LabCapiControllersOptions => ({ kubeconfigPath, dir, egress });

describe('startLabCapiControllers options', () => {
  test.each([
    [{ kubeconfigPath: join(tmpdir(), 'no-such-kubeconfig') }, /^kubeconfigPath must name an existing kubeconfig file/],
    [{ dir: 'relative/dir' }, /^dir must be an absolute directory path/],
    [{ egress: undefined }, /^egress must be the WebhookEgress/],
    [{ host: '10.0.0.1' }, /^host must be an IPv4 address in 127\.0\.0\.0\/8/],
    [{ managers: ['capi', 'kcp'] }, /^managers: unknown manager "kcp"; known: capi, cabpt, cacppt, capmox, ipam/],
    [{ managers: ['capi', 'capi'] }, /^managers lists a manager twice/],
  ])('%j is refused', async (override, message) => {
    await expect(startLabCapiControllers({ ...base(), ...(override as Partial<LabCapiControllersOptions>) })).rejects.toThrow(message);
  });
});
