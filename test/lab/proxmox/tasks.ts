/**
 * PVE worker tasks: UPIDs in pve-common's exact format, tasks registered before their UPID is
 * returned, completed asynchronously (timer, or lazily on the next request), with a log whose
 * last line is `TASK OK` / `TASK ERROR: <msg>` / `TASK WARNINGS: <n>` like PVE's task files.
 */
import type { TaskAction, TaskRecord } from './state/model';

export interface UpidFields {
  readonly node: string;
  readonly pid: number;
  readonly pstart: number;
  readonly starttime: number;
  readonly type: string;
  readonly id: string;
  readonly user: string;
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

export function encodeUpid(f: UpidFields): string {
  return `UPID:${f.node}:${hex8(f.pid)}:${hex8(f.pstart)}:${hex8(f.starttime)}:${f.type}:${f.id}:${f.user}:`;
}

const UPID_RE = /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export function decodeUpid(upid: string): UpidFields | undefined {
  const m = UPID_RE.exec(upid);
  if (!m) return undefined;
  return { node: m[1], pid: parseInt(m[3], 16), pstart: parseInt(m[4], 16), starttime: parseInt(m[5], 16), type: m[6], id: m[7], user: m[8] };
}

/**
 * A worker prints lines and may return warnings; throwing an Error fails the task with its message.
 * Returning `deferMs` keeps the task running (work done outside, e.g. a download still streaming).
 */
export type TaskWorker = (task: TaskRecord, print: (line: string) => void) => { warnings?: number; deferMs?: number } | void;

export interface StartTask {
  readonly node: string;
  readonly type: string;
  readonly id: string;
  readonly user: string;
  readonly action: TaskAction;
  /** Lines printed before the worker body runs (visible while the task is running). */
  readonly preLog?: readonly string[];
  readonly durationMs?: number;
}

export interface TaskHost {
  tasks(): TaskRecord[];
  nextPid(): number;
  pstartOf(node: string): number;
  persist(): void;
  /** Chance for fault injection to replace the outcome: a message fails the task, 'hang' keeps it running. */
  taskFault(task: TaskRecord): { fail?: string; hang?: boolean } | undefined;
  defaultDurationMs(type: string): number;
  now(): number;
}

const MAX_TASKS = 2000;

export class TaskRunner {
  private readonly workers = new Map<string, TaskWorker>();
  private readonly aborts = new Map<string, (task: TaskRecord) => void>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly listeners = new Set<(task: TaskRecord) => void>();
  private closed = false;

  constructor(private readonly host: TaskHost) {}

  /** `abort` undoes what starting the task did when an injected fault fails it (e.g. the `lock: create` config). */
  register(kind: string, worker: TaskWorker, abort?: (task: TaskRecord) => void): void {
    this.workers.set(kind, worker);
    if (abort) this.aborts.set(kind, abort);
  }

  onFinished(listener: (task: TaskRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(req: StartTask): TaskRecord {
    if (!this.workers.has(req.action.kind)) throw new Error(`internal: no worker for task action '${req.action.kind}'`);
    const now = this.host.now();
    const fields: UpidFields = {
      node: req.node,
      pid: this.host.nextPid(),
      pstart: this.host.pstartOf(req.node),
      starttime: Math.floor(now / 1000),
      type: req.type,
      id: req.id,
      user: req.user,
    };
    const task: TaskRecord = {
      upid: encodeUpid(fields),
      ...fields,
      status: 'running',
      log: (req.preLog ?? []).map((t, i) => ({ n: i + 1, t })),
      endsAt: now + (req.durationMs ?? this.host.defaultDurationMs(req.type)),
      action: req.action,
    };
    const list = this.host.tasks();
    list.push(task);
    if (list.length > MAX_TASKS) list.splice(0, list.length - MAX_TASKS);
    this.host.persist();
    this.schedule(task);
    return task;
  }

  find(upid: string): TaskRecord | undefined {
    return this.host.tasks().find((t) => t.upid === upid);
  }

  /** Finishes every task whose time has come, oldest first. */
  tick(): void {
    const now = this.host.now();
    const due = this.host.tasks().filter((t) => t.status === 'running' && t.endsAt <= now);
    for (const task of due) this.finish(task);
  }

  /** Reschedules running tasks after a restart (their workers are described by data, so they resume). */
  resume(): void {
    for (const t of this.host.tasks()) if (t.status === 'running') this.schedule(t);
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private schedule(task: TaskRecord): void {
    this.scheduleIn(task, Math.max(0, task.endsAt - this.host.now()));
  }

  private scheduleIn(_task: TaskRecord, ms: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.tick();
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  /** Runs due tasks now (used when outside work a deferred task waits for has completed). */
  kick(): void {
    this.tick();
  }

  private finish(task: TaskRecord): void {
    if (task.status !== 'running') return;
    const fault = this.host.taskFault(task);
    if (fault?.hang) return;
    const print = (line: string): void => {
      for (const l of line.replace(/\n$/, '').split('\n')) task.log.push({ n: task.log.length + 1, t: l });
    };
    let exit: string;
    try {
      if (fault?.fail) {
        this.aborts.get(task.action.kind)?.(task);
        throw new Error(fault.fail);
      }
      const worker = this.workers.get(task.action.kind);
      if (!worker) throw new Error(`internal: no worker for task action '${task.action.kind}'`);
      const result = worker(task, print);
      if (result?.deferMs !== undefined) {
        this.scheduleIn(task, result.deferMs);
        return;
      }
      const warnings = result?.warnings ?? 0;
      exit = warnings > 0 ? `WARNINGS: ${warnings}` : 'OK';
    } catch (err) {
      const message = (err as Error).message.replace(/\n+$/, '');
      exit = message;
    }
    print(exit === 'OK' ? 'TASK OK' : exit.startsWith('WARNINGS: ') ? `TASK ${exit}` : `TASK ERROR: ${exit}`);
    task.status = 'stopped';
    task.exitstatus = exit;
    task.endtime = Math.floor(this.host.now() / 1000);
    this.host.persist();
    for (const l of this.listeners) l(task);
  }
}
