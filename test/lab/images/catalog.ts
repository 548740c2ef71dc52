/**
 * What the lab's Image Factory offers: the Talos versions it builds and, per version, the official
 * system extensions (`GET /versions`, `GET /version/<v>/extensions/official`). A real factory reads
 * these from its registry; the lab's list is configuration, with the shape the factory answers.
 */
import { createHash } from 'node:crypto';

export interface ExtensionEntry {
  readonly name: string;
  readonly ref: string;
  readonly digest: string;
  readonly author: string;
  readonly description: string;
}

export interface FactoryCatalog {
  /** Talos versions, oldest first (as the factory lists them). */
  readonly versions: readonly string[];
  /** Official extensions of a version, or undefined when the factory does not know it. */
  extensions(version: string): readonly ExtensionEntry[] | undefined;
}

const EXTENSIONS: readonly { name: string; tag: string; description: string }[] = [
  { name: 'siderolabs/iscsi-tools', tag: 'v0.2.0', description: "This system extension provides iscsi-tools using containerd's runtime." },
  { name: 'siderolabs/qemu-guest-agent', tag: '10.0.2', description: 'This system extension provides the QEMU Guest Agent service.' },
  { name: 'siderolabs/util-linux-tools', tag: '2.41.1', description: 'This system extension provides util-linux tools.' },
];

/** The lab default: a few stable releases and a pre-release, each with the same extensions. */
export function labCatalog(versions: readonly string[] = ['v1.12.6', 'v1.13.0', 'v1.13.9', 'v1.14.0-beta.1']): FactoryCatalog {
  return {
    versions,
    extensions(version) {
      // The factory accepts the version with or without its leading v.
      const v = version.startsWith('v') ? version : `v${version}`;
      if (!versions.includes(v)) return undefined;
      return EXTENSIONS.map((e) => {
        const ref = `ghcr.io/${e.name}:${e.tag}`;
        return { name: e.name, ref, digest: `sha256:${createHash('sha256').update(`${v} ${ref}`).digest('hex')}`, author: 'Sidero Labs', description: e.description };
      });
    },
  };
}
