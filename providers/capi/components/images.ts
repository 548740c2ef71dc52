/**
 * Image overrides, as clusterctl's `images:` configuration: per component ("all", a manifest label
 * such as infrastructure-proxmox, or cert-manager) a repository and/or tag replaces those of every
 * container image of the component's Deployments and DaemonSets. Air-gapped users point them at a mirror.
 */
import type { KubeObject } from '../kube/objects';

export interface ImageOverride {
  /** `all`, a manifest label, or `cert-manager`. */
  readonly component: string;
  /** Replaces everything before the image name, e.g. `registry.example.com/mirror`. */
  readonly repository?: string;
  readonly tag?: string;
}

export interface ImageRef {
  readonly repository: string;
  readonly name: string;
  readonly tag: string;
  readonly digest: string;
}

/** Splits `registry/path/name[:tag][@digest]`. */
export function parseImage(image: string): ImageRef {
  const at = image.indexOf('@');
  const digest = at >= 0 ? image.slice(at + 1) : '';
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : '';
  const path = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  const lastSlash = path.lastIndexOf('/');
  return { repository: lastSlash >= 0 ? path.slice(0, lastSlash) : '', name: path.slice(lastSlash + 1), tag, digest };
}

export function formatImage(ref: ImageRef): string {
  return `${ref.repository ? `${ref.repository}/` : ''}${ref.name}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/** The override for `component`: `all` first, then the component's own entry wins field by field. */
export function effectiveOverride(overrides: readonly ImageOverride[], component: string): { repository?: string; tag?: string } | undefined {
  let out: { repository?: string; tag?: string } | undefined;
  for (const key of ['all', component]) {
    for (const o of overrides.filter((x) => x.component === key)) {
      out = { ...out, ...(o.repository ? { repository: o.repository.replace(/\/+$/, '') } : {}), ...(o.tag ? { tag: o.tag } : {}) };
    }
  }
  return out;
}

export function overrideImage(image: string, override: { repository?: string; tag?: string }): string {
  const ref = parseImage(image);
  return formatImage({ ...ref, repository: override.repository ?? ref.repository, tag: override.tag ?? ref.tag });
}

interface Container {
  image?: string;
}

/** Rewrites container images of Deployments and DaemonSets in place; returns the images after rewriting. */
export function applyImageOverrides(objects: KubeObject[], overrides: readonly ImageOverride[], component: string): string[] {
  const override = effectiveOverride(overrides, component);
  const images: string[] = [];
  for (const obj of objects) {
    if (obj.kind !== 'Deployment' && obj.kind !== 'DaemonSet') continue;
    const podSpec = (obj.spec as { template?: { spec?: { containers?: Container[]; initContainers?: Container[] } } } | undefined)?.template?.spec;
    for (const c of [...(podSpec?.containers ?? []), ...(podSpec?.initContainers ?? [])]) {
      if (typeof c.image !== 'string') continue;
      if (override) c.image = overrideImage(c.image, override);
      images.push(c.image);
    }
  }
  return images;
}
