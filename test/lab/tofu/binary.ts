/**
 * OpenTofu's `tofu`, built from go/ by build.sh at the pinned release: the engine the tests run the
 * stacks with when they exercise OpenTofu (TERRAFORM_BINARY_NAME=<its path>). A fresh machine builds
 * it on first use; later calls find it cached.
 */
import { join } from 'node:path';
import { checkBuiltPaths, once, runBuildScript } from '../build/build-script';

export interface TofuBinary {
  readonly dir: string;
  readonly tofu: string;
}

export const TOFU_BUILD_SCRIPT = join(__dirname, 'build.sh');
/** The pinned release (go/go.mod); build.sh checks the binary reports it. */
export const TOFU_VERSION = '1.12.6';

export const ensureTofu: () => Promise<TofuBinary> = once(async () => {
  const dir = await runBuildScript(TOFU_BUILD_SCRIPT, 'PTC_TOFU_BIN');
  return checkBuiltPaths(TOFU_BUILD_SCRIPT, { dir, tofu: join(dir, 'tofu') });
});
