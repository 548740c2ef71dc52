import { documentKind, documentName, V1ALPHA1, type ConfigDocument } from './document';

/**
 * Rules Talos applies when documents are put together into one config (container.New): one
 * v1alpha1 document, no duplicate kind/name, and no two link-like documents (or the two VIP kinds,
 * or user/existing volumes) sharing a name.
 */
const LINK_KINDS = ['BondConfig', 'BridgeConfig', 'DummyLinkConfig', 'LinkConfig', 'VLANConfig', 'VRFConfig', 'WireguardConfig'];

const CONFLICTS: Readonly<Record<string, readonly string[]>> = {
  ...Object.fromEntries(LINK_KINDS.map((k) => [k, LINK_KINDS.filter((o) => o !== k)])),
  Layer2VIPConfig: ['HCloudVIPConfig'],
  HCloudVIPConfig: ['Layer2VIPConfig'],
  UserVolumeConfig: ['ExistingVolumeConfig'],
  ExistingVolumeConfig: ['UserVolumeConfig'],
};

export class DocumentSetError extends Error {}

export function validateDocumentSet(docs: readonly ConfigDocument[]): void {
  const seen = new Set<string>();
  const conflicting = new Map<string, string>();
  let v1alpha1 = 0;
  for (const doc of docs) {
    const kind = documentKind(doc);
    if (kind === V1ALPHA1) {
      if (++v1alpha1 > 1) throw new DocumentSetError('duplicate v1alpha1.Config');
      continue;
    }
    const name = documentName(doc) ?? '';
    const id = `${kind}/${name}`;
    if (seen.has(id)) throw new DocumentSetError(`duplicate document: ${id}`);
    seen.add(id);
    const other = conflicting.get(id);
    if (other) throw new DocumentSetError(`conflicting documents: ${other} and ${id}`);
    for (const conflictKind of CONFLICTS[kind] ?? []) {
      const conflictId = `${conflictKind}/${name}`;
      if (seen.has(conflictId)) throw new DocumentSetError(`conflicting documents: ${conflictId} and ${id}`);
      conflicting.set(conflictId, id);
    }
  }
}
