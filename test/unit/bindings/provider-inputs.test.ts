import path from 'node:path';
import { assertConstraint, assertExactVersion, parseProviderSource } from '../../../tools/build/bindings/provider-address';
import { canonicalJson, schemaSha256 } from '../../../tools/build/bindings/digest';
import { parseBindingsManifest, serializeManifest, type BindingsManifest } from '../../../tools/build/bindings/manifest';
import { mirrorOnlyCliConfig } from '../../../tools/build/bindings/read-schema';
import { forbiddenGoModDirectives, goVersionAtLeast, mirrorExecutablePath } from '../../../tools/build/proxmox-provider';

describe('parseProviderSource', () => {
  it('defaults the registry host for namespace/type', () => {
    expect(parseProviderSource('bpg/proxmox')).toEqual({
      source: 'bpg/proxmox',
      hostname: 'registry.terraform.io',
      namespace: 'bpg',
      type: 'proxmox',
      fqpn: 'registry.terraform.io/bpg/proxmox',
    });
  });

  it('keeps an explicit host (our own providers)', () => {
    expect(parseProviderSource('ptc.internal/ptc/talos').fqpn).toBe('ptc.internal/ptc/talos');
  });

  it.each([
    ['proxmox', /expected "namespace\/type"/],
    ['a/b/c/d', /expected "namespace\/type"/],
    ['bpg/prox_mox', /type "prox_mox"/],
    ['-x/proxmox', /namespace "-x"/],
    ['bad host/ptc/talos', /hostname "bad host"/],
  ])('rejects %s', (source, message) => {
    expect(() => parseProviderSource(source)).toThrow(message);
  });
});

describe('versions and constraints', () => {
  it('accepts exact versions only as version', () => {
    expect(assertExactVersion('0.111.1')).toBe('0.111.1');
    expect(assertExactVersion('0.1.0-rc.1')).toBe('0.1.0-rc.1');
    expect(() => assertExactVersion('~> 0.111')).toThrow(/version "~> 0.111": expected an exact version/);
  });

  it('accepts Terraform constraints and rejects cdktf separators', () => {
    expect(assertConstraint(' ~> 0.111 ')).toBe('~> 0.111');
    expect(assertConstraint('>= 1.0, < 2.0')).toBe('>= 1.0, < 2.0');
    expect(() => assertConstraint('bpg/proxmox@0.111.1')).toThrow(/constraint "bpg\/proxmox@0.111.1"/);
    expect(() => assertConstraint('')).toThrow(/constraint ""/);
  });
});

describe('schema digest', () => {
  it('does not depend on key order or provider_versions', () => {
    const a = { format_version: '1.0', provider_schemas: { x: { provider: { version: 0, block: { attributes: { b: 1, a: 2 } } } } } };
    const b = { provider_schemas: { x: { provider: { block: { attributes: { a: 2, b: 1 } }, version: 0 } } }, format_version: '1.0', provider_versions: { x: '1.0.0' } };
    expect(canonicalJson(a)).toBe(canonicalJson({ provider_schemas: b.provider_schemas, format_version: '1.0' }));
    expect(schemaSha256(a)).toBe(schemaSha256(b));
  });

  it('changes with any schema value', () => {
    const a = { format_version: '1.0', provider_schemas: { x: { provider: { version: 0, block: { attributes: {} } } } } };
    const b = { format_version: '1.0', provider_schemas: { x: { provider: { version: 1, block: { attributes: {} } } } } };
    expect(schemaSha256(a)).not.toBe(schemaSha256(b));
  });
});

describe('bindings manifest', () => {
  const manifest: BindingsManifest = {
    source: 'bpg/proxmox',
    fqpn: 'registry.terraform.io/bpg/proxmox',
    version: '0.111.1',
    schemaSha256: 'a'.repeat(64),
    generator: { package: '@cdktf/provider-generator', version: '0.21.0' },
    include: { resources: ['proxmox_virtual_environment_vm'], dataSources: [] },
    files: 5,
    filesSha256: 'b'.repeat(64),
  };

  it('round-trips through its serialized form', () => {
    expect(parseBindingsManifest(JSON.parse(serializeManifest(manifest)))).toEqual(manifest);
    expect(serializeManifest(manifest).endsWith('}\n')).toBe(true);
  });

  it('names the broken field', () => {
    expect(() => parseBindingsManifest({ ...manifest, schemaSha256: 'xyz' }, 'f.json')).toThrow(/f.json: field "schemaSha256" must be a lowercase sha256/);
    expect(() => parseBindingsManifest({ ...manifest, include: { resources: 'vm' } })).toThrow(/field "include"/);
    expect(() => parseBindingsManifest({ ...manifest, files: 0 })).toThrow(/field "files"/);
  });
});

describe('bpg provider build helpers', () => {
  it('finds replace and exclude directives, also in blocks, ignoring comments', () => {
    const gomod = ['module github.com/x/y', 'go 1.26.0', '// replace a => b', 'require a v1.0.0', 'tool github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs'].join('\n');
    expect(forbiddenGoModDirectives(gomod)).toEqual([]);
    expect(forbiddenGoModDirectives(`${gomod}\nreplace (\n  a => ../a\n)\nexclude b v1.0.0`)).toEqual(['replace (', 'exclude b v1.0.0']);
  });

  it('compares Go versions numerically', () => {
    expect(goVersionAtLeast('go1.26.8', '1.26.0')).toBe(true);
    expect(goVersionAtLeast('go1.26', '1.26.0')).toBe(true);
    expect(goVersionAtLeast('go1.25.9', '1.26.0')).toBe(false);
    expect(goVersionAtLeast('go1.100.0', '1.26.0')).toBe(true);
    expect(goVersionAtLeast('go1.26rc1', '1.26.1')).toBe(false);
  });

  it('places the binary in the unpacked mirror layout', () => {
    expect(mirrorExecutablePath('/m', 'linux_amd64')).toBe(path.join('/m', 'registry.terraform.io/bpg/proxmox/0.111.1/linux_amd64/terraform-provider-proxmox_v0.111.1'));
  });

  it('writes a mirror-only CLI config', () => {
    const rc = mirrorOnlyCliConfig('/abs/dist/mirror', ['registry.terraform.io/bpg/proxmox']);
    expect(rc).toContain('path    = "/abs/dist/mirror"');
    expect(rc).toContain('include = ["registry.terraform.io/bpg/proxmox"]');
    expect(rc).not.toMatch(/direct|dev_overrides/);
  });
});
