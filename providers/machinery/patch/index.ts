/** Talos machine-config patches: strategic merge (with `$patch: delete`) and RFC 6902 JSON patches. */
export { applyPatches, applyPatchStrings, JSON6902_MULTIDOC_MESSAGE, PatchApplyError } from './apply-patches';
export { applyDeleteSelector, extractDeletes, PatchDeleteError, type DeleteSelector } from './delete-selectors';
export { applyJsonPatch, JsonPatchError, toJsonPatch, type JsonPatchOperation } from './json6902';
export { loadPatch, loadPatches, PatchLoadError, type ConfigPatch, type StrategicStep } from './load-patch';
export { MergeError, mergeStruct } from './merge';
