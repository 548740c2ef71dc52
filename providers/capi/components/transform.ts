/**
 * What clusterctl does to a provider's components YAML before installing it (repository/components.go):
 * variable substitution, image overrides, the target namespace (exactly one Namespace, renamed or
 * added; namespaced objects moved into it; binding subjects, webhook and conversion service
 * namespaces, cert-manager CA injection annotations and Certificate DNS names rewritten), the two
 * clusterctl labels on every object, and the apply order (Namespace, cert-manager objects, the rest).
 */
import { createHash } from 'node:crypto';
import { yamlLib } from '../../kernel/lazy';
import type { KubeObject } from '../kube/objects';
import { applyImageOverrides, type ImageOverride } from './images';
import { substituteVariables, templateVariables, type TemplateVariable } from './variables';

export const CLUSTERCTL_LABEL = 'clusterctl.cluster.x-k8s.io';
export const PROVIDER_LABEL = 'cluster.x-k8s.io/provider';
export const CLUSTERCTL_CORE_LABEL = 'clusterctl.cluster.x-k8s.io/core';
export const INJECT_CA_ANNOTATION = 'cert-manager.io/inject-ca-from';

export class ComponentsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComponentsError';
  }
}

/** Cluster-scoped kinds as clusterctl lists them (everything else gets the target namespace). */
const CLUSTER_SCOPED_KINDS = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'PodSecurityPolicy',
  'CertificateSigningRequest',
  'ClusterRoleBinding',
  'ClusterRole',
  'VolumeAttachment',
  'StorageClass',
  'CSIDriver',
  'CSINode',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'CustomResourceDefinition',
  'PriorityClass',
  'RuntimeClass',
]);

export function isNamespacedKind(kind: string): boolean {
  return !CLUSTER_SCOPED_KINDS.has(kind);
}

// Parsing a 1.4 MB components file takes most of a second; a plan and its apply (or several
// plans in one process) parse the same texts, so keep a few results by content hash.
const parsedCache = new Map<string, string>();
const PARSED_CACHE_SIZE = 12;

/** Parses a multi-document YAML into objects; `component` names the source in errors. */
export function parseObjects(yamlText: string, component: string): KubeObject[] {
  const key = `${component}\0${createHash('sha256').update(yamlText).digest('hex')}`;
  const cached = parsedCache.get(key);
  if (cached !== undefined) return JSON.parse(cached) as KubeObject[];
  const out: KubeObject[] = [];
  const docs = yamlLib().parseAllDocuments(yamlText);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, i) => {
    if (doc.errors.length > 0) {
      throw new ComponentsError(`${component}: YAML document ${i + 1} does not parse (a substituted variable value may need quoting): ${doc.errors[0].message.split('\n')[0]}`);
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) return;
    const obj = value as Partial<KubeObject>;
    if (typeof obj !== 'object' || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || typeof obj.metadata?.name !== 'string') {
      throw new ComponentsError(`${component}: YAML document ${i + 1} is not a Kubernetes object with apiVersion, kind and metadata.name`);
    }
    out.push(obj as KubeObject);
  });
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.delete(parsedCache.keys().next().value as string);
  parsedCache.set(key, JSON.stringify(out));
  return out;
}

function setSubjectNamespaces(obj: KubeObject, namespace: string): void {
  for (const s of (obj.subjects as Array<{ namespace?: string }> | undefined) ?? []) if (s.namespace) s.namespace = namespace;
}

function setWebhookServiceNamespaces(obj: KubeObject, namespace: string): void {
  for (const w of (obj.webhooks as Array<{ clientConfig?: { service?: { namespace?: string } } }> | undefined) ?? []) {
    if (w.clientConfig?.service) w.clientConfig.service.namespace = namespace;
  }
}

function setConversionServiceNamespace(obj: KubeObject, namespace: string): void {
  const service = (obj.spec as { conversion?: { webhook?: { clientConfig?: { service?: { namespace?: string } } } } } | undefined)?.conversion?.webhook?.clientConfig?.service;
  if (service) service.namespace = namespace;
}

function fixInjectCaAnnotation(obj: KubeObject, namespace: string): void {
  const annotations = obj.metadata.annotations;
  const value = annotations?.[INJECT_CA_ANNOTATION];
  if (value === undefined || !annotations) return;
  const parts = value.split('/');
  if (parts.length !== 2) throw new ComponentsError(`${obj.kind} ${obj.metadata.name} does not have a correct value for ${INJECT_CA_ANNOTATION}: ${JSON.stringify(value)}`);
  annotations[INJECT_CA_ANNOTATION] = `${namespace}/${parts[1]}`;
}

function fixCertificateDnsNames(obj: KubeObject, from: string | undefined, to: string): void {
  const spec = obj.spec as { dnsNames?: unknown } | undefined;
  if (!Array.isArray(spec?.dnsNames)) return;
  spec.dnsNames = spec.dnsNames.map((n) => (typeof n === 'string' ? n.replace(`.${from ?? ''}.`, `.${to}.`) : n));
}

/** Moves the components into `target` (clusterctl's fixTargetNamespace). Mutates and returns the list. */
export function setTargetNamespace(objects: KubeObject[], target: string, component: string): KubeObject[] {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  if (namespaces.length > 1) {
    throw new ComponentsError(`${component}: invalid manifest: it has ${namespaces.length} Namespace objects, there must be at most one`);
  }
  if (namespaces.length === 0) objects.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: target } });
  for (const obj of objects) {
    if (obj.kind === 'Namespace') obj.metadata.name = target;
    const original = obj.metadata.namespace;
    if (isNamespacedKind(obj.kind)) obj.metadata.namespace = target;
    switch (obj.kind) {
      case 'ClusterRoleBinding':
      case 'RoleBinding':
        setSubjectNamespaces(obj, target);
        break;
      case 'MutatingWebhookConfiguration':
      case 'ValidatingWebhookConfiguration':
        fixInjectCaAnnotation(obj, target);
        setWebhookServiceNamespaces(obj, target);
        break;
      case 'CustomResourceDefinition':
        fixInjectCaAnnotation(obj, target);
        setConversionServiceNamespace(obj, target);
        break;
      case 'Certificate':
        fixCertificateDnsNames(obj, original, target);
        break;
    }
  }
  return objects;
}

/** Adds `labels` to every object (existing keys are overwritten). */
export function addLabels(objects: readonly KubeObject[], labels: Readonly<Record<string, string>>): void {
  for (const obj of objects) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...labels };
}

/** The two labels clusterctl puts on every object of a provider. */
export function commonLabels(manifestLabel: string): Record<string, string> {
  return { [CLUSTERCTL_LABEL]: '', [PROVIDER_LABEL]: manifestLabel };
}

/** Namespace first, then cert-manager.io objects, then the rest in file order (stable). */
export function sortForApply(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => (o.kind === 'Namespace' ? 0 : o.apiVersion.startsWith('cert-manager.io/') ? 1 : 2);
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

/** Kind priorities clusterctl uses to create cert-manager (util/resource SortForCreate); other kinds rank 0. */
const CREATE_PRIORITY: Readonly<Record<string, number>> = {
  Namespace: -100,
  CustomResourceDefinition: -99,
  StorageClass: -98,
  PersistentVolume: -97,
  PersistentVolumeClaim: -96,
  Secret: -95,
  ConfigMap: -94,
  ServiceAccount: -93,
  LimitRange: -92,
  Pod: -91,
  ReplicaSet: -90,
  Endpoint: -89,
};

/** Stable sort by kind priority (Namespaces, CRDs, storage, config, service accounts, then the rest in file order). */
export function sortForCreate(objects: readonly KubeObject[]): KubeObject[] {
  const rank = (o: KubeObject) => CREATE_PRIORITY[o.kind] ?? 0;
  return objects
    .map((o, i) => ({ o, i }))
    .sort((a, b) => rank(a.o) - rank(b.o) || a.i - b.i)
    .map((x) => x.o);
}

/** Secret stringData must stay text: a substituted value that YAML read as a number or boolean is an error, not a silent change. */
function checkSecretStrings(objects: readonly KubeObject[], component: string): void {
  for (const obj of objects) {
    if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1') continue;
    for (const field of ['stringData', 'data'] as const) {
      const data = obj[field] as Record<string, unknown> | undefined;
      for (const [key, value] of Object.entries(data ?? {})) {
        if (typeof value !== 'string') {
          throw new ComponentsError(
            `${component}: Secret ${obj.metadata.name} ${field}.${key} is not text after variable substitution (YAML read it as ${value === null ? 'null' : typeof value}); quote the variable's value`,
          );
        }
      }
    }
  }
}

export interface ComponentsInput {
  /** Manifest label (e.g. infrastructure-proxmox), or cert-manager. */
  readonly component: string;
  readonly rawYaml: string;
  readonly targetNamespace: string;
  readonly variables: ReadonlyMap<string, string>;
  readonly imageOverrides: readonly ImageOverride[];
  /** Labels added to every object. */
  readonly labels: Readonly<Record<string, string>>;
  /** Annotations added to every object (cert-manager's version annotation). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** cert-manager's manifest is installed as published: no variables, no namespace rewriting. */
  readonly verbatim?: boolean;
}

export interface ProcessedComponents {
  readonly component: string;
  readonly namespace: string;
  /** In apply order. */
  readonly objects: KubeObject[];
  readonly images: string[];
  readonly variables: TemplateVariable[];
}

/** Runs the clusterctl transformations on one components YAML. */
export function processComponents(input: ComponentsInput): ProcessedComponents {
  // Substitution first: it reports template errors with the component's name.
  const text = input.verbatim ? input.rawYaml : substituteVariables(input.rawYaml, input.variables, input.component);
  const variables = input.verbatim ? [] : templateVariables(input.rawYaml);
  let objects = parseObjects(text, input.component);
  const images = applyImageOverrides(objects, input.imageOverrides, input.component);
  if (!input.verbatim) objects = setTargetNamespace(objects, input.targetNamespace, input.component);
  addLabels(objects, input.labels);
  if (input.annotations) for (const obj of objects) obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), ...input.annotations };
  checkSecretStrings(objects, input.component);
  return { component: input.component, namespace: input.targetNamespace, objects: input.verbatim ? sortForCreate(objects) : sortForApply(objects), images, variables };
}
