/**
 * The wiring for a long-running lab (`lab up`, unless PTC_LAB_CAPI=0): the management cluster
 * starts with webhooks on and the egress proxy, nothing runs until the components are installed,
 * then the managers start by themselves; stop ends them.
 */
import { ensureLabBinaries, startLabCluster, waitFor, type LabCluster } from '../../../lab/k8s';
import { ensureLabCapiBinaries, labCapiRequested, prepareLabCapiAttachment, type LabCapiAttachment } from '../../../lab/capi';
import { installPinnedComponents } from '../../capi/support/lab';
import { BUILD_TIMEOUT_MS, makeBaseDir, removeBaseDir } from '../k8s/lab-support';

let baseDir: string | undefined;
let attachment: LabCapiAttachment | undefined;
let cluster: LabCluster | undefined;
const lines: string[] = [];

beforeAll(async () => {
  await ensureLabBinaries();
  await ensureLabCapiBinaries();
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await attachment?.stop();
  await cluster?.stop();
  removeBaseDir(baseDir);
}, 60_000);

test('the managers run by default; PTC_LAB_CAPI=0 leaves them out; anything else is refused by name', () => {
  expect(labCapiRequested({})).toBe(true);
  expect(labCapiRequested({ PTC_LAB_CAPI: '1' })).toBe(true);
  expect(labCapiRequested({ PTC_LAB_CAPI: '0' })).toBe(false);
  expect(() => labCapiRequested({ PTC_LAB_CAPI: 'yes' })).toThrow('PTC_LAB_CAPI="yes": expected 1 (run the Cluster API managers, the default) or 0 (leave them out)');
});

test('the managers start once the components are installed, and stop with the lab', async () => {
  baseDir = makeBaseDir('capi-attach');
  attachment = await prepareLabCapiAttachment(baseDir, 500);
  cluster = await startLabCluster({ name: 'attach', role: 'management', baseDir, startTimeoutMs: 120_000, ...attachment.clusterOptions });
  attachment.attach(cluster, (line) => lines.push(line));
  // Nothing is installed yet: the loop waits and starts nothing.
  await new Promise((r) => setTimeout(r, 1500));
  expect(attachment.controllers()).toBeUndefined();

  await installPinnedComponents(cluster);
  await waitFor('the attached managers to start', async () => attachment!.controllers() !== undefined, { timeoutMs: 200_000, intervalMs: 500 });
  const controllers = attachment.controllers()!;
  expect(controllers.managers.map((m) => m.name).sort()).toEqual(['cabpt', 'cacppt', 'capi', 'capmox', 'ipam']);
  expect(lines.some((l) => l.includes('starting the real managers'))).toBe(true);
  const pids = controllers.managers.map((m) => m.pid);
  await attachment.stop();
  for (const pid of pids) expect(() => process.kill(-pid, 0)).toThrow(/ESRCH/);
}, 420_000);
