/**
 * cert-manager as `clusterctl init` handles it: probe its API with a throwaway Issuer and
 * Certificate; when that fails, install the release manifest (cert-manager.yaml) with clusterctl's
 * labels and version annotation, so clusterctl later recognises it as its own.
 */
import type { KubeObject } from '../kube/objects';
import { CERT_MANAGER } from './catalog';
import type { ImageOverride } from './images';
import { readReleaseFile, type SourceOptions } from './source';
import { CLUSTERCTL_CORE_LABEL, CLUSTERCTL_LABEL, processComponents, type ProcessedComponents } from './transform';
import { releaseVersionProblem } from './versions';

export const CERT_MANAGER_VERSION_ANNOTATION = 'cert-manager.clusterctl.cluster.x-k8s.io/version';
export const CERT_MANAGER_LABEL_VALUE = 'cert-manager';
/** The CRDs whose presence shows cert-manager's API is installed. */
export const CERT_MANAGER_CRDS = ['certificates.cert-manager.io', 'issuers.cert-manager.io'];

/** Fetches and labels cert-manager's release manifest. */
export async function prepareCertManager(version: string, source: SourceOptions, imageOverrides: readonly ImageOverride[]): Promise<ProcessedComponents & { origin: string }> {
  const problem = releaseVersionProblem(version);
  if (problem) throw new Error(`cert_manager_version ${problem}`);
  const file = await readReleaseFile({ component: CERT_MANAGER.label, repository: CERT_MANAGER.repository, version, file: CERT_MANAGER.componentsFile }, source);
  const processed = processComponents({
    component: CERT_MANAGER.label,
    rawYaml: file.text,
    targetNamespace: CERT_MANAGER.namespace,
    variables: new Map(),
    imageOverrides,
    labels: { [CLUSTERCTL_LABEL]: '', [CLUSTERCTL_CORE_LABEL]: CERT_MANAGER_LABEL_VALUE },
    annotations: { [CERT_MANAGER_VERSION_ANNOTATION]: version },
    verbatim: true,
  });
  return { ...processed, origin: file.origin };
}

/** The objects clusterctl creates (and deletes again) to see whether cert-manager's API answers. */
export function certManagerProbeObjects(): KubeObject[] {
  const namespace = 'cert-manager-test';
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
    { apiVersion: 'cert-manager.io/v1', kind: 'Issuer', metadata: { name: 'test-selfsigned', namespace }, spec: { selfSigned: {} } },
    {
      apiVersion: 'cert-manager.io/v1',
      kind: 'Certificate',
      metadata: { name: 'selfsigned-cert', namespace },
      spec: { dnsNames: ['example.com'], secretName: 'selfsigned-cert-tls', issuerRef: { name: 'test-selfsigned' } },
    },
  ];
}
