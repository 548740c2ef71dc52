/**
 * lab-ccm, the lab's cloud controller manager for Talos nodes, built from go/ by build.sh. A fresh
 * machine builds it on first use; later calls find it cached.
 */
import { join } from 'node:path';
import { checkBuiltPaths, once, runBuildScript } from '../build/build-script';

export interface LabCcmBinary {
  readonly dir: string;
  readonly ccm: string;
}

export const CCM_BUILD_SCRIPT = join(__dirname, 'build.sh');

export const ensureLabCcm: () => Promise<LabCcmBinary> = once(async () => {
  const dir = await runBuildScript(CCM_BUILD_SCRIPT, 'PTC_LAB_CCM_BIN');
  return checkBuiltPaths(CCM_BUILD_SCRIPT, { dir, ccm: join(dir, 'lab-ccm') });
});
