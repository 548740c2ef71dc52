/** Typed reads of validated parameters (validation already enforced types and required keys). */
import type { Params } from '../schema/types';

export function str(p: Params, key: string): string | undefined {
  const v = p[key];
  return v === undefined ? undefined : Array.isArray(v) ? v.join(',') : String(v);
}

export function reqStr(p: Params, key: string): string {
  const v = str(p, key);
  if (v === undefined) throw new Error(`internal: required parameter '${key}' missing after validation`);
  return v;
}

export function num(p: Params, key: string): number | undefined {
  const v = p[key];
  return v === undefined ? undefined : Number(v);
}

export function reqNum(p: Params, key: string): number {
  const v = num(p, key);
  if (v === undefined) throw new Error(`internal: required parameter '${key}' missing after validation`);
  return v;
}

export function flag(p: Params, key: string): boolean {
  return p[key] !== undefined && Number(p[key]) === 1;
}

export function list(p: Params, key: string): string[] {
  const v = p[key];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : String(v).split(/[,;\s]+/)).filter((s) => s.length > 0);
}
