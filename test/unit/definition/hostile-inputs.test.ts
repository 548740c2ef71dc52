/**
 * Hostile and broken definition files, one per case, loaded from a temporary `clusters/`: every one
 * is refused with a ClusterDefinitionError whose lines read `clusters/<file>: <path>: <what>.
 * Example: <fix>`, name the file and the field, and hold no stack trace. Encodings, YAML and JSON
 * traps (aliases, merge keys, duplicates, tags, depth, size), module definitions that do not give
 * data, names that look like definitions but are not loadable, broken links, unknown Talos
 * releases, and files the definition points at (patches, CA).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ClusterDefinitionError, loadClusterDefinitions } from '../../../stacks/definition';
import { goodInput, type Mutable } from './fixtures';

let cwd: string;
let dir: string;
beforeEach(() => {
  cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'ptc-hostile-'));
  dir = path.join(cwd, 'clusters');
  fs.mkdirSync(dir);
});
afterEach(() => fs.rmSync(cwd, { recursive: true, force: true }));

const load = () =>
  loadClusterDefinitions('clusters', {
    cwd,
    fallback: () => {
      throw new Error('the lab fallback must not be used');
    },
  });

function write(rel: string, content: string | Buffer): void {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

const yamlOf = (change: (d: Mutable) => void = () => undefined): string => {
  const d = goodInput();
  change(d);
  return stringify(d);
};
const jsonOf = (change: (d: Mutable) => void = () => undefined): string => {
  const d = goodInput();
  change(d);
  return JSON.stringify(d, null, 2);
};
/** A good definition with its `vmidBase` line replaced: raw YAML for values stringify would quote. */
const yamlWith = (line: string): string => yamlOf().replace(/^vmidBase: .*$/m, line);

const BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  '',
].join('\n');

interface HostileCase {
  readonly name: string;
  readonly setup: () => void;
  /** The file the problem names, under clusters/. */
  readonly file: string;
  /** The path as printed (`(file)` for the whole file). */
  readonly path: string;
  readonly message: RegExp;
  readonly example?: RegExp;
}

const patchRef = (rel: string) => (d: Mutable) => (d.patches = { common: [{ file: rel }] });

const CASES: readonly HostileCase[] = [
  // Encodings and sizes
  { name: 'empty file', setup: () => write('prod.yaml', ''), file: 'prod.yaml', path: '(file)', message: /is empty/ },
  { name: 'only comments', setup: () => write('prod.yaml', '# nothing here\n# at all\n'), file: 'prod.yaml', path: '(file)', message: /is empty/ },
  { name: 'only whitespace JSON', setup: () => write('prod.json', ' \n\t\n'), file: 'prod.json', path: '(file)', message: /is empty/ },
  {
    name: 'Latin-1 byte (invalid UTF-8)',
    setup: () => write('prod.yaml', Buffer.concat([Buffer.from('name: prod\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')])),
    file: 'prod.yaml',
    path: '(file)',
    message: /not valid UTF-8: byte 0xE9 at line 2, column 6 \(byte offset 16\)/,
    example: /UTF-8/,
  },
  {
    name: 'overlong UTF-8 encoding',
    setup: () => write('prod.yaml', Buffer.from([0x6e, 0x3a, 0x20, 0xc0, 0xaf, 0x0a])),
    file: 'prod.yaml',
    path: '(file)',
    message: /not valid UTF-8: byte 0xC0 at line 1, column 4/,
  },
  {
    name: 'UTF-8 encoded surrogate',
    setup: () => write('prod.json', Buffer.from([0x7b, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])),
    file: 'prod.json',
    path: '(file)',
    message: /not valid UTF-8: byte 0xED/,
  },
  {
    name: 'truncated multi-byte sequence at the end',
    setup: () => write('prod.yaml', Buffer.from([0x6e, 0x3a, 0x20, 0xe2, 0x82])),
    file: 'prod.yaml',
    path: '(file)',
    message: /not valid UTF-8: byte 0xE2/,
  },
  {
    name: 'UTF-16 with BOM',
    setup: () => write('prod.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: prod\n', 'utf16le')])),
    file: 'prod.yaml',
    path: '(file)',
    message: /UTF-16/,
  },
  { name: 'NUL byte (binary file)', setup: () => write('prod.yaml', Buffer.from('name: prod\n\0\0\0')), file: 'prod.yaml', path: '(file)', message: /NUL byte at line 2, column 1/ },
  { name: 'file over 1 MiB', setup: () => write('prod.yaml', `${yamlOf()}#${'x'.repeat(1024 * 1024)}\n`), file: 'prod.yaml', path: '(file)', message: /is \d+ bytes; at most 1048576 bytes/ },
  // YAML syntax and data model
  { name: 'tab indentation', setup: () => write('prod.yaml', 'name: prod\nnetwork:\n\tcidr: 10.20.0.0/24\n'), file: 'prod.yaml', path: '(file)', message: /line 3, column 1: .*[Tt]ab/ },
  {
    name: 'alias bomb (billion laughs)',
    setup: () => write('prod.yaml', BOMB),
    file: 'prod.yaml',
    path: '(file)',
    message: /expands YAML aliases .* more than 100 times/,
    example: /write the values out/,
  },
  { name: 'alias cycle', setup: () => write('prod.yaml', 'name: prod\nloop: &a\n  again: *a\n'), file: 'prod.yaml', path: 'loop.again', message: /refers back to a mapping or list that contains it/ },
  {
    name: '<< merge key',
    setup: () => write('prod.yaml', yamlOf().replace(/^controlPlane:\n/m, 'sizes: &s {cores: 2}\ncontrolPlane:\n  <<: *s\n')),
    file: 'prod.yaml',
    path: 'controlPlane',
    message: /merge key \(<<\)/,
    example: /write the keys out/,
  },
  {
    name: '%YAML 1.1 directive (yes/no booleans, merges)',
    setup: () => write('prod.yaml', `%YAML 1.1\n---\n${yamlOf()}`),
    file: 'prod.yaml',
    path: '(file)',
    message: /declares %YAML 1\.1; only YAML 1\.2/,
  },
  { name: 'duplicate YAML key', setup: () => write('prod.yaml', `${yamlOf()}vmidBase: 4100\n`), file: 'prod.yaml', path: '(file)', message: /Map keys must be unique/ },
  { name: 'custom YAML tag', setup: () => write('prod.yaml', yamlWith('vmidBase: !env VMID_BASE')), file: 'prod.yaml', path: '(file)', message: /Unresolved tag: !env/ },
  { name: '!!binary tag', setup: () => write('prod.yaml', yamlWith('vmidBase: !!binary AAAA')), file: 'prod.yaml', path: 'vmidBase', message: /YAML tag tag:yaml\.org,2002:binary/ },
  { name: 'mapping as a key', setup: () => write('prod.yaml', `${yamlOf()}? {a: 1}\n: x\n`), file: 'prod.yaml', path: '(file)', message: /key that is a list or mapping/ },
  { name: 'two YAML documents', setup: () => write('prod.yaml', `${yamlOf()}---\n${yamlOf()}`), file: 'prod.yaml', path: '(file)', message: /holds 2 YAML documents/ },
  { name: 'deep flow nesting', setup: () => write('prod.yaml', `name: prod\nx: ${'['.repeat(20000)}${']'.repeat(20000)}\n`), file: 'prod.yaml', path: '(file)', message: /nests/ },
  {
    name: 'nesting past the depth bound',
    setup: () => write('prod.yaml', `name: prod\nx: ${'['.repeat(80)}${']'.repeat(80)}\n`),
    file: 'prod.yaml',
    path: 'x[0][0]',
    message: /nests more than 64 levels deep/,
  },
  { name: 'scalar document', setup: () => write('prod.yaml', 'just some text\n'), file: 'prod.yaml', path: '(file)', message: /is text; expected a mapping/ },
  {
    name: 'list where a mapping is expected',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.controlPlane = [[3]])),
      ),
    file: 'prod.yaml',
    path: 'controlPlane',
    message: /is a list; expected a mapping/,
  },
  {
    name: 'nested lists where objects are expected',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.workers = [[{ name: 'w' }]])),
      ),
    file: 'prod.yaml',
    path: 'workers[0]',
    message: /is a list; expected a mapping/,
  },
  // Values
  {
    name: 'huge number (1e400 is Infinity)',
    setup: () => write('prod.json', jsonOf().replace('"vmidBase": 3100', '"vmidBase": 1e400')),
    file: 'prod.json',
    path: 'vmidBase',
    message: /Infinity is not a finite number/,
  },
  { name: 'YAML .nan', setup: () => write('prod.yaml', yamlWith('vmidBase: .nan')), file: 'prod.yaml', path: 'vmidBase', message: /NaN is not a finite number/ },
  { name: 'YAML .inf', setup: () => write('prod.yaml', yamlWith('vmidBase: -.inf')), file: 'prod.yaml', path: 'vmidBase', message: /-Infinity is not a finite number/ },
  { name: 'NaN-like string', setup: () => write('prod.yaml', yamlWith('vmidBase: "NaN"')), file: 'prod.yaml', path: 'vmidBase', message: /"NaN" is text; expected/ },
  { name: 'number past 2^53', setup: () => write('prod.yaml', yamlWith('vmidBase: 123456789012345678901234567890')), file: 'prod.yaml', path: 'vmidBase', message: /above the maximum|maximum/ },
  { name: 'hex number', setup: () => write('prod.yaml', yamlWith('vmidBase: 0x10')), file: 'prod.yaml', path: 'vmidBase', message: /16 is below the minimum 100/ },
  {
    name: 'very long string',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.name = 'a'.repeat(200_000))),
      ),
    file: 'prod.yaml',
    path: 'name',
    message: /is not a DNS label/,
  },
  { name: '__proto__ key (YAML)', setup: () => write('prod.yaml', yamlWith('__proto__: {vmidBase: 3100}')), file: 'prod.yaml', path: '__proto__', message: /reserved JavaScript name/ },
  {
    name: '__proto__ key (JSON)',
    setup: () => write('prod.json', jsonOf().replace('"vmidBase": 3100', '"vmidBase": 3100, "network2": {"__proto__": {"polluted": true}}')),
    file: 'prod.json',
    path: 'network2.__proto__',
    message: /reserved JavaScript name/,
  },
  { name: 'constructor key', setup: () => write('prod.yaml', `${yamlOf()}constructor: {name: x}\n`), file: 'prod.yaml', path: 'constructor', message: /not a known key/ },
  {
    name: 'prototype key in a section',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.network.prototype = 1)),
      ),
    file: 'prod.yaml',
    path: 'network.prototype',
    message: /not a known key/,
  },
  { name: 'key with dots', setup: () => write('prod.yaml', `${yamlOf()}network.cidr: 10.30.0.0/24\n`), file: 'prod.yaml', path: 'network.cidr', message: /not a known key/ },
  {
    name: 'CRLF line endings with a bad value',
    setup: () => write('prod.yaml', yamlWith('vmidBase: 12').replace(/\n/g, '\r\n')),
    file: 'prod.yaml',
    path: 'vmidBase',
    message: /12 is below the minimum 100/,
  },
  { name: 'BOM with a bad value', setup: () => write('prod.yaml', `\ufeff${yamlWith('vmidBase: 12')}`), file: 'prod.yaml', path: 'vmidBase', message: /12 is below the minimum 100/ },
  // JSON
  {
    name: 'JSON duplicate key at the top',
    setup: () => write('prod.json', jsonOf().replace('"vmidBase": 3100', '"vmidBase": 3100, "vmidBase": 4100')),
    file: 'prod.json',
    path: 'vmidBase',
    message: /appears twice in the same object \(line \d+, column \d+\); JSON keeps only the last one/,
  },
  {
    name: 'JSON duplicate key nested in a list',
    setup: () => write('prod.json', jsonOf().replace('"cores": 4', '"cores": 4, "cores": 8')),
    file: 'prod.json',
    path: 'workers[0].cores',
    message: /appears twice/,
  },
  {
    name: 'JSON duplicate key spelt with an escape',
    setup: () => write('prod.json', jsonOf().replace('"vmidBase": 3100', '"vmidBase": 3100, "vmid\\u0042ase": 4100')),
    file: 'prod.json',
    path: 'vmidBase',
    message: /appears twice/,
  },
  { name: 'JSON trailing comma', setup: () => write('prod.json', '{"name": "prod",}'), file: 'prod.json', path: '(file)', message: /is not valid JSON/ },
  { name: 'JSON with comments', setup: () => write('prod.json', '// prod\n{"name": "prod"}'), file: 'prod.json', path: '(file)', message: /is not valid JSON/ },
  {
    name: 'JSON nested past the depth bound',
    setup: () => write('prod.json', `{"name": "prod", "x": ${'['.repeat(50_000)}${']'.repeat(50_000)}}`),
    file: 'prod.json',
    path: 'x[0][0]',
    message: /nests more than 64 levels deep/,
  },
  // Module definitions
  {
    name: 'TypeScript syntax error',
    setup: () => write('prod.ts', 'const x: number = ;\nexport default {};\n'),
    file: 'prod.ts',
    path: '(file)',
    message: /cannot be loaded: line 1, column \d+: Unexpected/,
  },
  { name: 'async default export', setup: () => write('prod.ts', 'export default (async () => { throw new Error("later"); })();\n'), file: 'prod.ts', path: '(file)', message: /exports a Promise/ },
  { name: 'function default export', setup: () => write('prod.ts', 'export default () => ({ name: "prod" });\n'), file: 'prod.ts', path: '(file)', message: /exports a function/ },
  {
    name: 'throws at import',
    setup: () => write('prod.ts', 'throw new Error("no definition today\\n    at somewhere (x.ts:1:1)");\n'),
    file: 'prod.ts',
    path: '(file)',
    message: /cannot be loaded: no definition today$/,
  },
  { name: 'throws a non-error at import', setup: () => write('prod.js', 'throw 42;\n'), file: 'prod.js', path: '(file)', message: /cannot be loaded: 42/ },
  { name: 'no default export', setup: () => write('prod.ts', 'export const cluster = { name: "prod" };\n'), file: 'prod.ts', path: '(file)', message: /has no default export \(it exports cluster\)/ },
  {
    name: 'a getter that throws',
    setup: () => write('prod.ts', 'export default { get name(): string { throw new Error("computed badly"); } };\n'),
    file: 'prod.ts',
    path: '(file)',
    message: /computed badly/,
  },
  {
    name: 'a class instance',
    setup: () => write('prod.ts', 'class C { name = "prod"; }\nexport default { name: "prod", proxmox: new C() };\n'),
    file: 'prod.ts',
    path: 'proxmox',
    message: /is a C, not plain data/,
  },
  { name: 'a function inside the data', setup: () => write('prod.ts', 'export default { name: "prod", vmidBase: () => 3100 };\n'), file: 'prod.ts', path: 'vmidBase', message: /is a function/ },
  // Names in clusters/
  {
    name: '.TS extension',
    setup: () => write('prod.TS', 'export default {};\n'),
    file: 'prod.TS',
    path: '(file)',
    message: /only compiles lower-case \.ts files/,
    example: /rename it to clusters\/prod\.ts/,
  },
  {
    name: 'TOML definition',
    setup: () => write('prod.toml', 'name = "prod"\n'),
    file: 'prod.toml',
    path: '(file)',
    message: /is TOML, which is not a definition format/,
    example: /clusters\/prod\.yaml/,
  },
  { name: 'misspelt extension', setup: () => write('prod.ymal', yamlOf()), file: 'prod.ymal', path: '(file)', message: /misspelt YAML extension/ },
  { name: 'JSON5 definition', setup: () => write('prod.json5', '{name: "prod"}'), file: 'prod.json5', path: '(file)', message: /is JSON5/ },
  { name: 'directory named like a definition', setup: () => fs.mkdirSync(path.join(dir, 'prod.yaml')), file: 'prod.yaml', path: '(file)', message: /is a directory named like a definition/ },
  { name: 'directory named like a definition, upper case', setup: () => fs.mkdirSync(path.join(dir, 'prod.YML')), file: 'prod.YML', path: '(file)', message: /is a directory/ },
  { name: 'symbolic link loop', setup: () => fs.symlinkSync('prod.yaml', path.join(dir, 'prod.yaml')), file: 'prod.yaml', path: '(file)', message: /symbolic link loop/ },
  {
    name: 'dangling symbolic link',
    setup: () => fs.symlinkSync('../elsewhere/prod.yaml', path.join(dir, 'prod.yaml')),
    file: 'prod.yaml',
    path: '(file)',
    message: /symbolic link to \.\.\/elsewhere\/prod\.yaml, which does not exist/,
  },
  { name: 'named pipe', setup: () => execFileSync('mkfifo', [path.join(dir, 'prod.yaml')]), file: 'prod.yaml', path: '(file)', message: /not a regular file/ },
  {
    name: 'only a backup copy (would deploy the lab)',
    setup: () => write('prod.yaml.bak', yamlOf()),
    file: 'prod.yaml.bak',
    path: '(file)',
    message: /is not loaded .* would deploy the built-in lab cluster instead/,
    example: /rename it to clusters\/prod\.yaml/,
  },
  { name: 'only an editor backup', setup: () => write('prod.yaml~', yamlOf()), file: 'prod.yaml~', path: '(file)', message: /is not loaded/ },
  // Versions
  {
    name: 'Talos patch release that does not exist',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.talos.version = 'v1.13.99')),
      ),
    file: 'prod.yaml',
    path: 'talos.version',
    message: /"v1\.13\.99" is not a known Talos release; the newest v1\.13 release is v1\.13\.9/,
    example: /^version: v1\.13\.9$/,
  },
  {
    name: 'Talos v1.12 patch past the newest',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => ((d.talos.version = 'v1.12.12'), (d.kubernetes.version = '1.35.4'))),
      ),
    file: 'prod.yaml',
    path: 'talos.version',
    message: /the newest v1\.12 release is v1\.12\.11/,
    example: /^version: v1\.12\.11$/,
  },
  {
    name: 'Talos pre-release suffix that is not one',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.talos.version = 'v1.13.0-latest')),
      ),
    file: 'prod.yaml',
    path: 'talos.version',
    message: /not a Talos release tag/,
  },
  {
    name: 'Talos version with leading zeros',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.talos.version = 'v1.13.09')),
      ),
    file: 'prod.yaml',
    path: 'talos.version',
    message: /leading zeros/,
  },
  // Scale
  {
    name: '1,000 workers in a /24',
    setup: () =>
      write(
        'prod.yaml',
        yamlOf((d) => (d.workers = [{ name: 'worker', count: 1000, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: '10.20.0.21' }])),
      ),
    file: 'prod.yaml',
    path: 'workers[0].count',
    message: /1003 nodes in all pools, the gateway and the VIP need 1005 addresses, but network\.cidr 10\.20\.0\.0\/24 has 254 host addresses/,
    example: /cidr: 10\.20\.0\.0\/22/,
  },
  // Files the definition points at
  {
    name: 'patch file with invalid UTF-8',
    setup: () => (write('patches/p.yaml', Buffer.from([0x6d, 0x3a, 0x20, 0xff, 0x0a])), write('prod.yaml', yamlOf(patchRef('patches/p.yaml')))),
    file: 'prod.yaml',
    path: 'patches.common[0].file',
    message: /"patches\/p\.yaml" is not valid UTF-8: byte 0xFF at line 1, column 4/,
  },
  {
    name: 'patch file symbolic link loop',
    setup: () => (fs.mkdirSync(path.join(dir, 'patches')), fs.symlinkSync('p.yaml', path.join(dir, 'patches/p.yaml')), write('prod.yaml', yamlOf(patchRef('patches/p.yaml')))),
    file: 'prod.yaml',
    path: 'patches.common[0].file',
    message: /symbolic link loop/,
  },
  {
    name: 'patch file is a directory',
    setup: () => (fs.mkdirSync(path.join(dir, 'patches/p.yaml'), { recursive: true }), write('prod.yaml', yamlOf(patchRef('patches/p.yaml')))),
    file: 'prod.yaml',
    path: 'patches.common[0].file',
    message: /is a directory, not a file/,
  },
  {
    name: 'patch file over 1 MiB',
    setup: () => (write('patches/p.yaml', `machine: {}\n#${'x'.repeat(1024 * 1024)}\n`), write('prod.yaml', yamlOf(patchRef('patches/p.yaml')))),
    file: 'prod.yaml',
    path: 'patches.common[0].file',
    message: /at most 1048576 bytes/,
  },
  {
    name: 'patch file alias bomb',
    setup: () => (write('patches/p.yaml', BOMB.replace('a: &a', 'machine: &a')), write('prod.yaml', yamlOf(patchRef('patches/p.yaml')))),
    file: 'prod.yaml',
    path: 'patches.common[0].file',
    message: /aliases/,
  },
  {
    name: 'CA file dangling symbolic link',
    setup: () => (
      fs.symlinkSync('gone.pem', path.join(dir, 'ca.pem')),
      write(
        'prod.yaml',
        yamlOf((d) => (d.proxmox.caFile = 'ca.pem')),
      )
    ),
    file: 'prod.yaml',
    path: 'proxmox.caFile',
    message: /symbolic link to gone\.pem, which does not exist/,
  },
];

function problemLines(): string[] {
  let err: unknown;
  try {
    load();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ClusterDefinitionError);
  const message = (err as ClusterDefinitionError).message;
  expect(message).not.toMatch(/^\s+at /m);
  return message.split('\n').slice(1);
}

describe('hostile definition files are refused with the file, the field and a fix', () => {
  test.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    c.setup();
    const lines = problemLines();
    const prefix = `clusters/${c.file}: ${c.path}: `;
    const line = lines.find((l) => l.startsWith(prefix));
    if (line === undefined) throw new Error(`no problem at ${prefix}; got:\n${lines.join('\n')}`);
    const [what, example] = line.slice(prefix.length).split(/\.? Example: /);
    expect(what).toMatch(c.message);
    expect(example).toBeTruthy();
    if (c.example) expect(example).toMatch(c.example);
    // Every line is a problem in the one shape, short enough to read.
    for (const l of lines) {
      expect(l).toMatch(/^clusters\/\S.*?: \S.*?: .+ Example: .+$/);
      expect(l.length).toBeLessThan(2000);
    }
  });
});

describe('spellings and encodings that are fine', () => {
  test.each([
    ['prod.YAML', yamlOf()],
    ['prod.Yml', yamlOf()],
    ['prod.JSON', jsonOf()],
    ['prod.yaml', `\ufeff${yamlOf()}`],
    ['prod.json', `\ufeff${jsonOf()}`],
    ['prod.yaml', yamlOf().replace(/\n/g, '\r\n')],
    ['prod.yaml', `%YAML 1.2\n---\n${yamlOf()}`],
    ['prod.yaml', yamlOf((d) => (d.talos.version = 'v1.13.0'))],
    ['prod.yaml', yamlOf((d) => ((d.talos.version = 'v1.12.11'), (d.kubernetes.version = '1.35.4')))],
    ['prod.yaml', yamlOf((d) => (d.talos.version = 'v1.13'))],
  ])('%s loads', (file, content) => {
    write(file, content);
    expect(load().map((d) => [d.name, d.source])).toEqual([['prod', `clusters/${file}`]]);
  });

  test('a backup copy next to a loaded definition is left alone', () => {
    write('prod.yaml', yamlOf());
    write('prod.yaml.bak', 'name: [');
    write('example.yaml.sample', 'name: [');
    expect(load().map((d) => d.name)).toEqual(['prod']);
  });

  test('anchors and aliases of whole values are read', () => {
    write(
      'prod.yaml',
      yamlOf()
        .replace('gateway: 10.20.0.1', 'gateway: &gw 10.20.0.1')
        .replace(/dnsServers:\n\s+- 10\.20\.0\.1\n/, 'dnsServers: [*gw]\n'),
    );
    expect(fs.readFileSync(path.join(dir, 'prod.yaml'), 'utf8')).toContain('[*gw]');
    expect(load()[0].spec.network.dnsServers).toEqual(['10.20.0.1']);
  });

  test('an alias without its anchor is a problem, not a crash', () => {
    write('prod.yaml', yamlOf().replace(/dnsServers:\n\s+- 10\.20\.0\.1\n/, 'dnsServers: [*nowhere]\n'));
    const lines = problemLines();
    expect(lines).toEqual([expect.stringMatching(/^clusters\/prod\.yaml: \(file\): cannot be read as YAML: Unresolved alias .*nowhere\. Example: define each &anchor before its \*alias/)]);
  });

  test('1,000 auto-named workers load with unique MACs and VMIDs', () => {
    write(
      'prod.yaml',
      yamlOf((d) => ((d.network.cidr = '10.20.0.0/16'), (d.workers = [{ name: 'worker', count: 1000, cores: 4, memoryMiB: 8192, diskGiB: 40, firstIp: '10.20.1.1' }]))),
    );
    const [def] = load();
    expect(def.plan.nodes).toHaveLength(1003);
    expect(new Set(def.plan.nodes.map((n) => n.macAddress)).size).toBe(1003);
    expect(new Set(def.plan.nodes.map((n) => n.vmid)).size).toBe(1003);
  });
});
