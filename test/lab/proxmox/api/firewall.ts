/**
 * Firewall: cluster options, security groups, cluster and VM rule lists (new rules are inserted at
 * position 0 unless `pos` is given), VM options. Every config has a `digest`; a stale digest is
 * rejected as PVE does.
 */
import { createHash } from 'node:crypto';
import type { LabCluster } from '../cluster';
import { ParamError, fail } from '../http/errors';
import type { Router } from '../http/router';
import { CONFIGID_LIST, DIGEST_64, NODE, VMID } from '../schema/common-params';
import type { ParamSchemas, Params } from '../schema/types';
import type { FirewallRule, FirewallScope } from '../state/model';
import { list, num, reqNum, reqStr, str } from './params';

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug', 'nolog'];
const GROUP_NAME = { type: 'string', pattern: '[A-Za-z][A-Za-z0-9\\-\\_]+', minLength: 2, maxLength: 18 } as const;
const POS = { type: 'integer', optional: true, minimum: 0 } as const;

const RULE_FIELDS: ParamSchemas = {
  action: { type: 'string', pattern: '[A-Za-z][A-Za-z0-9\\-\\_]+', minLength: 2, maxLength: 20 },
  comment: { type: 'string', optional: true },
  dest: { type: 'string', optional: true, maxLength: 512, format: 'pve-fw-addr-spec' },
  digest: DIGEST_64,
  dport: { type: 'string', optional: true, format: 'pve-fw-dport-spec' },
  enable: { type: 'integer', optional: true, minimum: 0 },
  'icmp-type': { type: 'string', optional: true, format: 'pve-fw-icmp-type-spec' },
  iface: { type: 'string', optional: true, minLength: 2, maxLength: 20, format: 'pve-iface' },
  log: { type: 'string', optional: true, enum: LOG_LEVELS },
  macro: { type: 'string', optional: true, maxLength: 128 },
  pos: POS,
  proto: { type: 'string', optional: true, format: 'pve-fw-protocol-spec' },
  source: { type: 'string', optional: true, maxLength: 512, format: 'pve-fw-addr-spec' },
  sport: { type: 'string', optional: true, format: 'pve-fw-sport-spec' },
  type: { type: 'string', enum: ['in', 'out', 'forward', 'group'] },
};

const RULE_UPDATE_FIELDS: ParamSchemas = {
  ...RULE_FIELDS,
  action: { ...RULE_FIELDS.action, optional: true },
  type: { ...RULE_FIELDS.type, optional: true },
  delete: CONFIGID_LIST,
  moveto: { type: 'integer', optional: true, minimum: 0 },
};

const RULE_KEYS = ['type', 'action', 'enable', 'iface', 'source', 'dest', 'proto', 'dport', 'sport', 'macro', 'log', 'comment', 'icmp-type'];

function digestOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

function checkDigest(current: unknown, digest: string | undefined): void {
  if (digest && digest !== digestOf(current)) fail('detected modified configuration - file changed by other user? Try again.');
}

function ruleFrom(p: Params, base: FirewallRule = {}): FirewallRule {
  const rule: FirewallRule = { ...base };
  for (const k of RULE_KEYS) {
    const v = p[k];
    if (v === undefined) continue;
    rule[k] = k === 'enable' ? Number(v) : String(v);
  }
  for (const k of list(p, 'delete')) delete rule[k];
  return rule;
}

function checkRule(sim: LabCluster, rule: FirewallRule): void {
  if (rule.type === 'group') {
    if (!sim.state.firewall.groups[String(rule.action)]) throw new ParamError({ action: `security group '${String(rule.action)}' does not exist` });
  } else if (!['ACCEPT', 'DROP', 'REJECT'].includes(String(rule.action))) {
    throw new ParamError({ action: `unknown action '${String(rule.action)}'` });
  }
}

interface RuleScope {
  readonly base: string;
  readonly params: ParamSchemas;
  rules(sim: LabCluster, p: Params): FirewallRule[];
}

function registerRuleRoutes(router: Router<LabCluster>, scope: RuleScope): void {
  const list = (sim: LabCluster, p: Params): FirewallRule[] => scope.rules(sim, p);
  router.add({
    method: 'GET',
    path: scope.base,
    params: scope.params,
    handler: ({ sim, params }) => {
      const rules = list(sim, params);
      const digest = digestOf(rules);
      return rules.map((r, pos) => ({ ...r, pos, digest }));
    },
  });
  router.add({
    method: 'POST',
    path: scope.base,
    params: { ...scope.params, ...RULE_FIELDS },
    handler: ({ sim, params }) => {
      const rules = list(sim, params);
      checkDigest(rules, str(params, 'digest'));
      const rule = ruleFrom(params);
      checkRule(sim, rule);
      const pos = Math.min(num(params, 'pos') ?? 0, rules.length);
      rules.splice(pos, 0, rule);
      sim.save();
      return null;
    },
  });
  const at = (rules: FirewallRule[], pos: number): FirewallRule => {
    const rule = rules[pos];
    if (!rule) fail(`no rule at position ${pos}`);
    return rule;
  };
  router.add({
    method: 'GET',
    path: `${scope.base}/{pos}`,
    params: { ...scope.params, pos: POS },
    handler: ({ sim, params }) => {
      const rules = list(sim, params);
      const pos = reqNum(params, 'pos');
      // PVE echoes `pos` from the URL here, so it is a JSON string (the list has numbers).
      return { ...at(rules, pos), pos: String(pos), digest: digestOf(rules) };
    },
  });
  router.add({
    method: 'PUT',
    path: `${scope.base}/{pos}`,
    params: { ...scope.params, ...RULE_UPDATE_FIELDS },
    handler: ({ sim, params }) => {
      const rules = list(sim, params);
      checkDigest(rules, str(params, 'digest'));
      const pos = reqNum(params, 'pos');
      const rule = ruleFrom(params, at(rules, pos));
      const moveto = num(params, 'moveto');
      if (moveto !== undefined) {
        rules.splice(pos, 1);
        rules.splice(Math.min(moveto, rules.length), 0, rule);
      } else {
        checkRule(sim, rule);
        rules[pos] = rule;
      }
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'DELETE',
    path: `${scope.base}/{pos}`,
    params: { ...scope.params, pos: POS, digest: DIGEST_64 },
    handler: ({ sim, params }) => {
      const rules = list(sim, params);
      checkDigest(rules, str(params, 'digest'));
      const pos = reqNum(params, 'pos');
      at(rules, pos);
      rules.splice(pos, 1);
      sim.save();
      return null;
    },
  });
}

function vmScope(sim: LabCluster, p: Params): FirewallScope {
  const vm = sim.vmOn(reqStr(p, 'node'), reqNum(p, 'vmid'));
  sim.state.firewall.vms[String(vm.vmid)] ??= { options: {}, rules: [] };
  return sim.state.firewall.vms[String(vm.vmid)];
}

const CLUSTER_OPTIONS: ParamSchemas = {
  delete: CONFIGID_LIST,
  digest: DIGEST_64,
  ebtables: { type: 'boolean', optional: true },
  enable: { type: 'integer', optional: true, minimum: 0 },
  log_ratelimit: {
    type: 'string',
    optional: true,
    format: {
      enable: { type: 'boolean', defaultKey: true },
      burst: { type: 'integer', optional: true, minimum: 0 },
      rate: { type: 'string', optional: true, pattern: '[1-9][0-9]*\\/(second|minute|hour|day)' },
    },
  },
  policy_forward: { type: 'string', optional: true, enum: ['ACCEPT', 'DROP'] },
  policy_in: { type: 'string', optional: true, enum: ['ACCEPT', 'REJECT', 'DROP'] },
  policy_out: { type: 'string', optional: true, enum: ['ACCEPT', 'REJECT', 'DROP'] },
};

const VM_OPTIONS: ParamSchemas = {
  node: NODE,
  vmid: VMID,
  delete: CONFIGID_LIST,
  digest: DIGEST_64,
  dhcp: { type: 'boolean', optional: true },
  enable: { type: 'boolean', optional: true },
  ipfilter: { type: 'boolean', optional: true },
  log_level_in: { type: 'string', optional: true, enum: LOG_LEVELS },
  log_level_out: { type: 'string', optional: true, enum: LOG_LEVELS },
  macfilter: { type: 'boolean', optional: true },
  ndp: { type: 'boolean', optional: true },
  policy_in: { type: 'string', optional: true, enum: ['ACCEPT', 'REJECT', 'DROP'] },
  policy_out: { type: 'string', optional: true, enum: ['ACCEPT', 'REJECT', 'DROP'] },
  radv: { type: 'boolean', optional: true },
};

function updateOptions(options: Record<string, string | number>, p: Params, schemas: ParamSchemas): void {
  checkDigest(options, str(p, 'digest'));
  for (const k of list(p, 'delete')) delete options[k];
  for (const [k, v] of Object.entries(p)) {
    if (['node', 'vmid', 'delete', 'digest'].includes(k)) continue;
    const t = schemas[k]?.type;
    options[k] = t === 'integer' || t === 'boolean' ? Number(v) : String(v);
  }
}

export function registerFirewallRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/cluster/firewall/options',
    params: {},
    handler: ({ sim }) => ({ ...sim.state.firewall.cluster.options, digest: digestOf(sim.state.firewall.cluster.options) }),
  });
  router.add({
    method: 'PUT',
    path: '/cluster/firewall/options',
    params: CLUSTER_OPTIONS,
    handler: ({ sim, params }) => {
      updateOptions(sim.state.firewall.cluster.options, params, CLUSTER_OPTIONS);
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'GET',
    path: '/nodes/{node}/qemu/{vmid}/firewall/options',
    proxyToNode: true,
    params: { node: NODE, vmid: VMID },
    handler: ({ sim, params }) => {
      const scope = vmScope(sim, params);
      return { ...scope.options, digest: digestOf(scope.options) };
    },
  });
  router.add({
    method: 'PUT',
    path: '/nodes/{node}/qemu/{vmid}/firewall/options',
    proxyToNode: true,
    params: VM_OPTIONS,
    handler: ({ sim, params }) => {
      updateOptions(vmScope(sim, params).options, params, VM_OPTIONS);
      sim.save();
      return null;
    },
  });

  registerRuleRoutes(router, { base: '/cluster/firewall/rules', params: {}, rules: (sim) => sim.state.firewall.cluster.rules });
  registerRuleRoutes(router, { base: '/nodes/{node}/qemu/{vmid}/firewall/rules', params: { node: NODE, vmid: VMID }, rules: (sim, p) => vmScope(sim, p).rules });
  registerRuleRoutes(router, {
    base: '/cluster/firewall/groups/{group}',
    params: { group: GROUP_NAME },
    rules: (sim, p) => {
      const g = sim.state.firewall.groups[reqStr(p, 'group')];
      if (!g) fail(`no such security group '${reqStr(p, 'group')}'`);
      return g.rules;
    },
  });

  router.add({
    method: 'GET',
    path: '/cluster/firewall/groups',
    params: {},
    handler: ({ sim }) =>
      Object.keys(sim.state.firewall.groups)
        .sort()
        .map((group) => {
          const g = sim.state.firewall.groups[group];
          const e: Record<string, string> = { group, digest: digestOf(sim.state.firewall.groups) };
          if (g.comment !== undefined) e.comment = g.comment;
          return e;
        }),
  });
  router.add({
    method: 'POST',
    path: '/cluster/firewall/groups',
    params: { group: GROUP_NAME, comment: { type: 'string', optional: true }, digest: DIGEST_64, rename: { ...GROUP_NAME, optional: true } },
    handler: ({ sim, params }) => {
      const groups = sim.state.firewall.groups;
      checkDigest(groups, str(params, 'digest'));
      const group = reqStr(params, 'group');
      const rename = str(params, 'rename');
      if (rename) {
        if (!groups[rename]) fail(`Security group '${rename}' does not exist`);
        if (rename !== group && groups[group]) fail(`Security group '${group}' already exists`);
        groups[group] = { ...groups[rename], comment: str(params, 'comment') ?? groups[rename].comment };
        if (rename !== group) delete groups[rename];
      } else {
        if (groups[group]) fail(`Security group '${group}' already exists`);
        groups[group] = { rules: [], ...(str(params, 'comment') !== undefined ? { comment: str(params, 'comment') } : {}) };
      }
      sim.save();
      return null;
    },
  });
  router.add({
    method: 'DELETE',
    path: '/cluster/firewall/groups/{group}',
    params: { group: GROUP_NAME },
    handler: ({ sim, params }) => {
      const group = reqStr(params, 'group');
      const g = sim.state.firewall.groups[group];
      if (!g) return null;
      if (g.rules.length > 0) fail(`security group '${group}' is not empty`);
      delete sim.state.firewall.groups[group];
      sim.save();
      return null;
    },
  });
}
