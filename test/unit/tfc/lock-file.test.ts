import { formatLockFile, parseLockFile, withProviderHashes } from '../../../tools/tfc/lock-file';

// The layout terraform init 1.11 writes.
const WRITTEN_BY_TERRAFORM = `# This file is maintained automatically by "terraform init".
# Manual edits may be lost in future updates.

provider "ptc.internal/ptc/talos" {
  version     = "0.1.0"
  constraints = "0.1.0"
  hashes = [
    "h1:DCIuA+vqRkg7ZRzHHvCqtsMgdgpTqhC2DNxvi8oSvSY=",
  ]
}

provider "registry.terraform.io/bpg/proxmox" {
  version = "0.78.0"
  hashes = [
    "h1:aaaa=",
    "zh:0123",
  ]
}
`;

test("parses and re-renders Terraform's own layout byte for byte", () => {
  const locks = parseLockFile(WRITTEN_BY_TERRAFORM);
  expect(locks).toEqual([
    { address: 'ptc.internal/ptc/talos', version: '0.1.0', constraints: '0.1.0', hashes: ['h1:DCIuA+vqRkg7ZRzHHvCqtsMgdgpTqhC2DNxvi8oSvSY='] },
    { address: 'registry.terraform.io/bpg/proxmox', version: '0.78.0', constraints: undefined, hashes: ['h1:aaaa=', 'zh:0123'] },
  ]);
  expect(formatLockFile(locks)).toBe(WRITTEN_BY_TERRAFORM);
});

test('adding hashes keeps the existing ones for the same version and other providers untouched', () => {
  const locks = withProviderHashes(parseLockFile(WRITTEN_BY_TERRAFORM), {
    address: 'ptc.internal/ptc/talos',
    version: '0.1.0',
    constraints: '0.1.0',
    hashes: ['h1:SEA=', 'h1:DCIuA+vqRkg7ZRzHHvCqtsMgdgpTqhC2DNxvi8oSvSY='],
  });
  const talos = locks.find((l) => l.address === 'ptc.internal/ptc/talos')!;
  expect(talos.hashes).toEqual(['h1:DCIuA+vqRkg7ZRzHHvCqtsMgdgpTqhC2DNxvi8oSvSY=', 'h1:SEA=']);
  expect(locks.find((l) => l.address === 'registry.terraform.io/bpg/proxmox')!.hashes).toEqual(['h1:aaaa=', 'zh:0123']);
});

test('a lock for another version is replaced, not merged', () => {
  const [talos] = withProviderHashes(parseLockFile(WRITTEN_BY_TERRAFORM).slice(0, 1), {
    address: 'ptc.internal/ptc/talos',
    version: '0.2.0',
    constraints: '0.2.0',
    hashes: ['h1:NEW='],
  });
  expect(talos).toEqual({ address: 'ptc.internal/ptc/talos', version: '0.2.0', constraints: '0.2.0', hashes: ['h1:NEW='] });
});

test('a new entry is added', () => {
  const locks = withProviderHashes([], { address: 'ptc.internal/ptc/capi', version: '0.1.0', constraints: '0.1.0', hashes: ['h1:X='] });
  expect(formatLockFile(locks)).toContain('provider "ptc.internal/ptc/capi" {\n  version     = "0.1.0"\n  constraints = "0.1.0"\n  hashes = [\n    "h1:X=",\n  ]\n}\n');
});

test.each([
  ['a block without version', 'provider "a/b/c" {\n  hashes = []\n}', /provider "a\/b\/c" has no version/],
  ['an unknown attribute', 'provider "a/b/c" {\n  version = "1.0.0"\n  source = "x"\n}', /content this tool does not know \(source = "x"\)/],
  ['content outside blocks', 'terraform {\n}\n', /unexpected content outside provider blocks \(terraform \{\)/],
])('refuses %s', (_name, text, message) => {
  expect(() => parseLockFile(text)).toThrow(message);
});
