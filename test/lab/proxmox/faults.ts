/**
 * Fault injection, set per test: failing tasks, HTTP errors, hanging requests, locked VMs and full
 * storages. Rules match requests/tasks and may fire a limited number of times.
 */
import type { TaskRecord } from './state/model';

export interface RequestMatch {
  readonly method?: string;
  /** Exact API path (after `/api2/json`), or a RegExp tested against it. */
  readonly path?: string | RegExp;
}

export interface TaskMatch {
  /** Worker type, e.g. `qmcreate`, `qmstart`, `download`. */
  readonly type?: string;
  /** Worker id, e.g. the VMID for qm tasks. */
  readonly id?: string;
  readonly node?: string;
}

export type Fault =
  /** The matching task ends with this error text as exit status (and `TASK ERROR:` log line). */
  | { readonly kind: 'task-error'; readonly match: TaskMatch; readonly message: string; readonly times?: number }
  /** The matching task never finishes while the rule is active. */
  | { readonly kind: 'task-hang'; readonly match: TaskMatch; readonly times?: number }
  /** The matching request is answered with this status and message instead of being handled. */
  | { readonly kind: 'http-error'; readonly match: RequestMatch; readonly status: number; readonly message: string; readonly times?: number }
  /** The matching request gets no answer for `delayMs` (default: never, until the client gives up). */
  | { readonly kind: 'timeout'; readonly match: RequestMatch; readonly delayMs?: number; readonly times?: number }
  /** The VM carries `lock: <lock>` (as a backup or migration would leave it) while the rule is active. */
  | { readonly kind: 'vm-lock'; readonly vmid: number; readonly lock: string }
  /** Allocations on the storage fail as if it had no free space left. */
  | { readonly kind: 'storage-full'; readonly storage: string; readonly node?: string }
  /**
   * The node is down (still a cluster member): requests PVE proxies to it fail with
   * `595 <reason>` (default `No route to host`), cluster views show it offline.
   */
  | { readonly kind: 'node-offline'; readonly node: string; readonly reason?: string };

export interface FaultHandle {
  readonly id: number;
  /** How often the rule fired so far. */
  fired(): number;
  remove(): void;
}

interface Rule {
  readonly id: number;
  readonly fault: Fault;
  fired: number;
}

function pathMatches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method && match.method.toUpperCase() !== method) return false;
  if (match.path === undefined) return true;
  return typeof match.path === 'string' ? match.path === path : match.path.test(path);
}

function taskMatches(match: TaskMatch, task: TaskRecord): boolean {
  return (match.type === undefined || match.type === task.type) && (match.id === undefined || match.id === task.id) && (match.node === undefined || match.node === task.node);
}

function exhausted(rule: Rule): boolean {
  const times = 'times' in rule.fault ? rule.fault.times : undefined;
  return times !== undefined && rule.fired >= times;
}

export function validateFault(fault: Fault): void {
  const times = 'times' in fault ? fault.times : undefined;
  if (times !== undefined && !(Number.isInteger(times) && times > 0)) throw new Error('fault.times: must be a positive integer (omit for unlimited)');
  if (fault.kind === 'http-error' && !(fault.status >= 400 && fault.status <= 599)) throw new Error('fault.status: must be an HTTP error status 400..599');
  if (fault.kind === 'vm-lock' && !/^[a-z-]+$/.test(fault.lock)) throw new Error("fault.lock: a PVE lock name such as 'backup' or 'migrate'");
  if ((fault.kind === 'task-error' || fault.kind === 'http-error') && fault.message.trim() === '') throw new Error('fault.message: give the error text PVE would report');
  if (fault.kind === 'node-offline') {
    if (typeof fault.node !== 'string' || fault.node.trim() === '') throw new Error("fault.node: the name of the cluster node that is down, e.g. 'pve2'");
    if (fault.reason !== undefined && (fault.reason.trim() === '' || /[\r\n]/.test(fault.reason)))
      throw new Error("fault.reason: one line such as 'Connection timed out' (omit for 'No route to host')");
  }
}

export class FaultInjector {
  private rules: Rule[] = [];
  private nextId = 1;

  /** `nodes` lists the cluster members, so a rule naming an unknown node is refused up front. */
  constructor(private readonly nodes?: () => readonly string[]) {}

  add(fault: Fault): FaultHandle {
    validateFault(fault);
    if (fault.kind === 'node-offline' && this.nodes && !this.nodes().includes(fault.node)) {
      throw new Error(`fault.node: '${fault.node}' is not a cluster node (nodes: ${this.nodes().join(', ')})`);
    }
    const rule: Rule = { id: this.nextId++, fault, fired: 0 };
    this.rules.push(rule);
    return { id: rule.id, fired: () => rule.fired, remove: () => this.remove(rule.id) };
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly Fault[] {
    return this.rules.map((r) => r.fault);
  }

  /** The request-level fault to apply, counting it as fired. */
  forRequest(method: string, path: string): Extract<Fault, { kind: 'http-error' | 'timeout' }> | undefined {
    for (const rule of this.rules) {
      const f = rule.fault;
      if ((f.kind === 'http-error' || f.kind === 'timeout') && !exhausted(rule) && pathMatches(f.match, method, path)) {
        rule.fired++;
        return f;
      }
    }
    return undefined;
  }

  forTask(task: TaskRecord): { fail?: string; hang?: boolean } | undefined {
    for (const rule of this.rules) {
      const f = rule.fault;
      if ((f.kind === 'task-error' || f.kind === 'task-hang') && !exhausted(rule) && taskMatches(f.match, task)) {
        rule.fired++;
        return f.kind === 'task-error' ? { fail: f.message } : { hang: true };
      }
    }
    return undefined;
  }

  vmLock(vmid: number): string | undefined {
    for (const rule of this.rules) {
      if (rule.fault.kind === 'vm-lock' && rule.fault.vmid === vmid) {
        rule.fired++;
        return rule.fault.lock;
      }
    }
    return undefined;
  }

  /** Why proxying to `node` fails while a `node-offline` rule holds it down, else undefined. */
  nodeOffline(node: string): string | undefined {
    for (const rule of this.rules) {
      if (rule.fault.kind === 'node-offline' && rule.fault.node === node) return rule.fault.reason ?? 'No route to host';
    }
    return undefined;
  }

  storageFull(storage: string, node: string): boolean {
    return this.rules.some((r) => r.fault.kind === 'storage-full' && r.fault.storage === storage && (r.fault.node === undefined || r.fault.node === node));
  }
}
