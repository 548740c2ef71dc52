// Jest transformer: TypeScript -> CommonJS with esbuild (no type checking here; `tsc` does that).
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');

module.exports = {
  process(source, filename) {
    const out = transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'inline',
      sourcefile: filename,
    });
    return { code: out.code };
  },
  getCacheKey(source, filename) {
    return createHash('sha256').update(source).update('\0').update(filename).update('\0v1').digest('hex');
  },
};
