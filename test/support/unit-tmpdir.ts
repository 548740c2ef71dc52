/**
 * Unit tests get a temporary directory of their own as TMPDIR, removed after each test file: the
 * CDK core's Testing helpers make a `cdktf.outdir.*` directory per synth and never remove it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const previous = process.env.TMPDIR;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-unit-'));
process.env.TMPDIR = dir;

afterAll(() => {
  if (previous === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previous;
  fs.rmSync(dir, { recursive: true, force: true });
});
