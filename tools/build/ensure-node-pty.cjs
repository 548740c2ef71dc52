#!/usr/bin/env node
// The cdktf 0.21 CLI loads @cdktf/node-pty-prebuilt-multiarch, whose prebuilt binaries stop at
// Node 22 (ABI 127). On a newer Node this builds the addon from its bundled sources with npm's
// node-gyp against the running Node's headers; on a covered Node it does nothing.
// Run by `npm install` (postinstall) and by CI before testing on Node 24.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const pkgDir = path.dirname(require.resolve('@cdktf/node-pty-prebuilt-multiarch/package.json'));
const { ptyPath } = require(path.join(pkgDir, 'lib', 'prebuild-file-path'));
const built = path.join(pkgDir, 'build', 'Release', 'pty.node');

function loads(file) {
  try {
    require(file);
    return true;
  } catch {
    return false;
  }
}

if ((ptyPath && loads(ptyPath)) || (fs.existsSync(built) && loads(built))) process.exit(0);

const nodeDir = path.resolve(path.dirname(process.execPath), '..');
if (!fs.existsSync(path.join(nodeDir, 'include', 'node', 'node.h'))) {
  console.error(
    `ensure-node-pty: no prebuilt terminal addon for Node ${process.version} and no headers under ${nodeDir}/include/node; ` +
      'the cdktf CLI will not start on this Node (use Node 20/22, or install Node with its headers).',
  );
  process.exit(0);
}
// npm bundles node-gyp; find the npm that runs us, else the one on PATH.
function npmCliPath() {
  if (process.env.npm_execpath) return process.env.npm_execpath;
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    const candidate = path.join(dir, 'npm');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  return path.join(nodeDir, 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
}
const gyp = path.join(path.dirname(npmCliPath()), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
if (!fs.existsSync(gyp)) {
  console.error(`ensure-node-pty: npm's node-gyp not found at ${gyp}; cannot build the cdktf CLI's terminal addon for Node ${process.version}`);
  process.exit(0);
}
console.error(`ensure-node-pty: building the cdktf CLI's terminal addon for Node ${process.version} (ABI ${process.versions.modules})`);
try {
  // Under npm (postinstall, npm start) the environment carries npm's own node settings, e.g.
  // npm_config_nodedir of the Node npm came with; node-gyp would build against those headers.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_(nodedir|target|runtime|dist_url|arch)$/i.test(k)));
  execFileSync(process.execPath, [gyp, 'rebuild', `--nodedir=${nodeDir}`], { cwd: pkgDir, stdio: 'pipe', env });
} catch (err) {
  console.error(`ensure-node-pty: node-gyp failed (a C++ toolchain and python3 are needed):\n${err.stderr || err.message}`);
  process.exit(1);
}
if (!loads(built)) {
  console.error('ensure-node-pty: the build finished but the addon does not load');
  process.exit(1);
}
