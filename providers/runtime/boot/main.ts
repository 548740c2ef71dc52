/**
 * The provider executable's entry (`provider.cjs` in the mirror): runs the bundled provider
 * (`provider-code.cjs` beside it) through the on-disk code cache. PTC_PROVIDER_CODE_CACHE names
 * another cache directory; `off` runs without one.
 */
import * as path from 'node:path';
import { defaultCodeCacheDir, runWithCodeCache } from './code-cache';

const bundle = path.join(__dirname, 'provider-code.cjs');
const setting = process.env.PTC_PROVIDER_CODE_CACHE;
if (setting === 'off') require(bundle);
else runWithCodeCache(bundle, setting || defaultCodeCacheDir());
