/**
 * Compares the simulator's route declarations with the PVE API schema: every served path and
 * method exists upstream, every declared parameter exists with the same type, optionality, enum
 * and range, every parameter upstream requires is declared, property-string formats have the same
 * keys, and token access matches `allowtoken`.
 */
import type { SchemaNode, SchemaProperty } from '../api-schema-fixture';
import type { ParamSchema, PropertyFormat } from './types';

export interface DeclaredRoute {
  readonly method: string;
  readonly path: string;
  readonly params: Readonly<Record<string, ParamSchema>>;
  readonly allowToken?: boolean;
}

export interface ConformanceReport {
  readonly issues: string[];
  readonly routes: number;
  readonly params: number;
  readonly formatKeys: number;
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  const x = new Set(a.map(String));
  const y = new Set(b.map(String));
  return x.size === y.size && [...x].every((v) => y.has(v));
}

function compareFormat(where: string, mine: PropertyFormat, theirs: Readonly<Record<string, SchemaProperty>>, issues: string[]): number {
  let checked = 0;
  for (const [key, p] of Object.entries(mine)) {
    const t = theirs[key];
    checked++;
    if (!t) {
      issues.push(`${where}: format key '${key}' is not in the schema`);
      continue;
    }
    if (p.alias !== undefined || t.alias !== undefined) {
      if (p.alias !== t.alias) issues.push(`${where}.${key}: alias ${String(p.alias)} vs schema ${String(t.alias)}`);
      continue;
    }
    if (p.type !== t.type) issues.push(`${where}.${key}: type ${String(p.type)} vs schema ${String(t.type)}`);
    if (!!p.optional !== !!t.optional) issues.push(`${where}.${key}: optional=${!!p.optional} vs schema ${!!t.optional}`);
    if (!!p.defaultKey !== !!t.default_key) issues.push(`${where}.${key}: default key ${!!p.defaultKey} vs schema ${!!t.default_key}`);
    if (p.enum && t.enum && !sameSet(p.enum, t.enum)) issues.push(`${where}.${key}: enum differs from schema`);
    if (!p.enum && t.enum) issues.push(`${where}.${key}: schema has enum ${t.enum.join('|')}, declaration has none`);
  }
  for (const key of Object.keys(theirs)) if (!(key in mine)) issues.push(`${where}: schema format key '${key}' is not declared`);
  return checked;
}

export function checkConformance(routes: readonly DeclaredRoute[], index: ReadonlyMap<string, SchemaNode>): ConformanceReport {
  const issues: string[] = [];
  let params = 0;
  let formatKeys = 0;
  for (const route of routes) {
    const where = `${route.method} ${route.path}`;
    const info = index.get(route.path)?.info?.[route.method];
    if (!info) {
      issues.push(`${where}: not in the API schema`);
      continue;
    }
    if ((route.allowToken ?? true) !== (info.allowtoken !== 0)) issues.push(`${where}: allowToken ${String(route.allowToken ?? true)} vs schema allowtoken ${String(info.allowtoken)}`);
    const theirs = info.parameters?.properties ?? {};
    for (const [name, mine] of Object.entries(route.params)) {
      params++;
      const t = theirs[name];
      const at = `${where} ${name}`;
      if (!t) {
        issues.push(`${at}: parameter not in the schema`);
        continue;
      }
      if (mine.type !== t.type) issues.push(`${at}: type ${mine.type} vs schema ${String(t.type)}`);
      if (!!mine.optional !== !!t.optional) issues.push(`${at}: optional=${!!mine.optional} vs schema ${!!t.optional}`);
      if (mine.enum && t.enum && !sameSet(mine.enum, t.enum)) issues.push(`${at}: enum ${mine.enum.join('|')} vs schema ${t.enum.join('|')}`);
      if (!mine.enum && t.enum && t.enum.length > 0) issues.push(`${at}: schema has enum ${t.enum.join('|')}, declaration has none`);
      // `enum: null` in the dump: PVE fills the list at runtime (e.g. download-url's compression formats).
      if (mine.enum && t.enum === undefined) issues.push(`${at}: declares an enum the schema does not have`);
      if (mine.minimum !== undefined && Number(mine.minimum) !== Number(t.minimum)) issues.push(`${at}: minimum ${mine.minimum} vs schema ${String(t.minimum)}`);
      if (mine.maximum !== undefined && Number(mine.maximum) !== Number(t.maximum)) issues.push(`${at}: maximum ${mine.maximum} vs schema ${String(t.maximum)}`);
      if (typeof mine.format === 'object') {
        if (typeof t.format === 'object' && t.format) formatKeys += compareFormat(at, mine.format, t.format, issues);
        else if (mine.formatName !== t.format) issues.push(`${at}: format name ${String(mine.formatName)} vs schema ${String(t.format)}`);
      } else if (typeof mine.format === 'string' && typeof t.format === 'string' && mine.format !== t.format) {
        issues.push(`${at}: format ${mine.format} vs schema ${t.format}`);
      }
    }
    for (const [name, t] of Object.entries(theirs)) {
      if (!t.optional && !(name in route.params)) issues.push(`${where} ${name}: required by the schema but not declared`);
    }
  }
  return { issues, routes: routes.length, params, formatKeys };
}
