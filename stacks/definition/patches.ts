/**
 * Talos config patches of a definition: inline text, an inline mapping, or a file next to the
 * definition. Each is loaded with the same patch loader the Talos provider uses, so a patch that
 * would fail at apply time (unknown field, bad YAML) fails here, before synth. JSON (RFC 6902)
 * patches are refused: every config of the supported contracts (v1.12+) is multi-document, which
 * Talos cannot JSON-patch.
 */
import * as path from 'node:path';
import { stringify } from 'yaml';
import { loadPatch, PatchLoadError } from '../../providers/machinery/patch';
import type { IssuePath } from '../plan/layout';
import { UnreadableFileError } from './read-text';

export type PatchGroup = 'common' | 'controlPlane' | 'worker';

/** One entry of `patches.<group>` as the schema parses it. */
export type PatchEntry = string | { readonly file: string } | { readonly inline: string | Readonly<Record<string, unknown>> };
export type PatchLists = Readonly<Record<PatchGroup, readonly PatchEntry[]>>;
export const PATCH_GROUPS: readonly PatchGroup[] = ['common', 'controlPlane', 'worker'];

export interface ResolvedPatch {
  /** `inline`, or the absolute path of the patch file. */
  readonly source: string;
  /** The patch text handed to the Talos provider. */
  readonly text: string;
}

export type ResolvedPatches = Readonly<Record<PatchGroup, readonly ResolvedPatch[]>>;

export interface PatchProblem {
  readonly path: IssuePath;
  readonly message: string;
  readonly example: string;
}

export const STRATEGIC_EXAMPLE = 'machine: {install: {disk: /dev/sda}}';

/** Longest patch text accepted (inline or file). */
export const MAX_PATCH_CHARS = 1024 * 1024;

/** The problem with a patch's text, or undefined when Talos would load it as a strategic merge patch. */
export function checkPatchText(text: string): string | undefined {
  if (text.length > MAX_PATCH_CHARS) return `is ${text.length} characters; a patch is at most ${MAX_PATCH_CHARS}`;
  try {
    const patch = loadPatch(text, 'patch');
    if (patch.type === 'json6902') {
      return 'is a JSON (RFC 6902) patch; Talos cannot apply those to multi-document configs (every v1.12+ config is one), so write a strategic merge patch';
    }
    return undefined;
  } catch (err) {
    if (err instanceof PatchLoadError) return `is not a valid Talos patch: ${err.message.replace(/^patch patch: /, '')}`;
    // Anything else the loader throws (a resource bound, a parser limit) is still this text's problem.
    const first = String((err as Error | undefined)?.message ?? err).split('\n')[0];
    return `cannot be read as a Talos patch: ${first}`;
  }
}

/** The text of an inline patch entry; undefined for a file reference. */
export function inlinePatchText(entry: PatchEntry): string | undefined {
  if (typeof entry === 'string') return entry;
  if ('inline' in entry) return typeof entry.inline === 'string' ? entry.inline : stringify(entry.inline);
  return undefined;
}

export type ReadText = (file: string) => string;

/**
 * Reads file patches (relative to `baseDir`) and returns every patch's text, or the problems.
 * Inline patches are assumed checked (checkInlinePatches).
 */
export function resolvePatches(patches: PatchLists, baseDir: string, readText: ReadText): { patches: ResolvedPatches; problems: PatchProblem[] } {
  const problems: PatchProblem[] = [];
  const out: Record<PatchGroup, ResolvedPatch[]> = { common: [], controlPlane: [], worker: [] };
  for (const group of PATCH_GROUPS) {
    patches[group].forEach((entry, i) => {
      const inline = inlinePatchText(entry);
      if (inline !== undefined) {
        out[group].push({ source: 'inline', text: inline });
        return;
      }
      const file = (entry as { file: string }).file;
      const at: IssuePath = ['patches', group, i, 'file'];
      const abs = path.resolve(baseDir, file);
      let text: string;
      try {
        text = readText(abs);
      } catch (err) {
        if (err instanceof UnreadableFileError && err.code !== 'ENOENT') {
          problems.push({
            path: at,
            message: `${JSON.stringify(file)} ${err.reason}${err.aboutPath ? '; paths are relative to the definition file' : ''}`,
            example: `file: patches/${path.basename(file)} (${err.fix})`,
          });
          return;
        }
        const code = (err as NodeJS.ErrnoException).code;
        problems.push({
          path: at,
          message: `${JSON.stringify(file)} cannot be read (${code === 'ENOENT' ? `no such file: ${abs}` : (code ?? (err as Error).message)}); paths are relative to the definition file`,
          example: `file: patches/${path.basename(file)}`,
        });
        return;
      }
      const problem = checkPatchText(text);
      if (problem) problems.push({ path: at, message: `${JSON.stringify(file)} ${problem}`, example: STRATEGIC_EXAMPLE });
      else out[group].push({ source: abs, text });
    });
  }
  return { patches: out, problems };
}
