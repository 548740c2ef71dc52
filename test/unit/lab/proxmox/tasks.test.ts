import { TaskRunner, decodeUpid, encodeUpid, type TaskHost } from '../../../lab/proxmox/tasks';
import type { TaskRecord } from '../../../lab/proxmox/state/model';

describe('UPIDs', () => {
  it('are encoded like pve-common (8 upper-case hex digits, trailing colon) and decode back', () => {
    const upid = encodeUpid({ node: 'pve1', pid: 0x1a2b, pstart: 0x100000, starttime: 0x6700aa01, type: 'qmcreate', id: '100', user: 'root@pam!tf' });
    expect(upid).toBe('UPID:pve1:00001A2B:00100000:6700AA01:qmcreate:100:root@pam!tf:');
    expect(decodeUpid(upid)).toEqual({ node: 'pve1', pid: 0x1a2b, pstart: 0x100000, starttime: 0x6700aa01, type: 'qmcreate', id: '100', user: 'root@pam!tf' });
    expect(decodeUpid(encodeUpid({ node: 'pve2', pid: 1, pstart: 2, starttime: 3, type: 'reloadnetworkall', id: '', user: 'root@pam' }))?.id).toBe('');
    expect(decodeUpid('UPID:pve1:1A2B:00100000:6700AA01:qmcreate:100:root@pam:')).toBeUndefined();
    expect(decodeUpid('UPID:pve1:00001A2B:00100000:6700AA01:qmcreate:100:root@pam')).toBeUndefined();
  });
});

describe('TaskRunner', () => {
  function host(now: { t: number }, fault?: TaskHost['taskFault']): { host: TaskHost; tasks: TaskRecord[] } {
    const tasks: TaskRecord[] = [];
    let pid = 100;
    return {
      tasks,
      host: {
        tasks: () => tasks,
        nextPid: () => ++pid,
        pstartOf: () => 0x1000,
        persist: () => undefined,
        taskFault: fault ?? (() => undefined),
        defaultDurationMs: () => 1000,
        now: () => now.t,
      },
    };
  }

  it('registers the task as running before returning, and finishes it once due with TASK OK', () => {
    const now = { t: 1_000_000 };
    const { host: h } = host(now);
    const runner = new TaskRunner(h);
    const done: string[] = [];
    runner.register('work', (_t, print) => {
      print('did the thing');
      done.push('x');
    });
    const task = runner.start({ node: 'pve1', type: 'qmstart', id: '100', user: 'root@pam', action: { kind: 'work' }, preLog: ['starting'] });
    expect(runner.find(task.upid)?.status).toBe('running');
    runner.tick();
    expect(done).toEqual([]);
    now.t += 1000;
    runner.tick();
    runner.close();
    expect(task.status).toBe('stopped');
    expect(task.exitstatus).toBe('OK');
    expect(task.log.map((l) => l.t)).toEqual(['starting', 'did the thing', 'TASK OK']);
    expect(task.log.map((l) => l.n)).toEqual([1, 2, 3]);
  });

  it('turns a thrown error into the exit status and a TASK ERROR line; warnings into WARNINGS: n', () => {
    const now = { t: 0 };
    const { host: h } = host(now);
    const runner = new TaskRunner(h);
    runner.register('fail', () => {
      throw new Error('VM 100 already running\n');
    });
    runner.register('warn', (_t, print) => {
      print('WARN: something');
      return { warnings: 1 };
    });
    const a = runner.start({ node: 'pve1', type: 'qmstart', id: '100', user: 'root@pam', action: { kind: 'fail' }, durationMs: 0 });
    const b = runner.start({ node: 'pve1', type: 'imgdel', id: 'local', user: 'root@pam', action: { kind: 'warn' }, durationMs: 0 });
    runner.tick();
    runner.close();
    expect(a.exitstatus).toBe('VM 100 already running');
    expect(a.log.at(-1)?.t).toBe('TASK ERROR: VM 100 already running');
    expect(b.exitstatus).toBe('WARNINGS: 1');
    expect(b.log.at(-1)?.t).toBe('TASK WARNINGS: 1');
  });

  it('applies injected faults: a failure runs the abort hook instead of the worker, a hang keeps it running', () => {
    const now = { t: 0 };
    let mode: 'fail' | 'hang' | 'none' = 'fail';
    const { host: h } = host(now, () => (mode === 'fail' ? { fail: 'injected' } : mode === 'hang' ? { hang: true } : undefined));
    const runner = new TaskRunner(h);
    const calls: string[] = [];
    runner.register(
      'create',
      () => {
        calls.push('worker');
      },
      () => calls.push('abort'),
    );
    const failed = runner.start({ node: 'pve1', type: 'qmcreate', id: '100', user: 'root@pam', action: { kind: 'create' }, durationMs: 0 });
    runner.tick();
    expect(failed.exitstatus).toBe('injected');
    expect(calls).toEqual(['abort']);
    mode = 'hang';
    const hung = runner.start({ node: 'pve1', type: 'qmcreate', id: '101', user: 'root@pam', action: { kind: 'create' }, durationMs: 0 });
    runner.tick();
    expect(hung.status).toBe('running');
    mode = 'none';
    runner.tick();
    runner.close();
    expect(hung.exitstatus).toBe('OK');
    expect(calls).toEqual(['abort', 'worker']);
  });

  it('keeps a deferring worker running until its outside work is done', () => {
    const now = { t: 0 };
    const { host: h } = host(now);
    const runner = new TaskRunner(h);
    let ready = false;
    runner.register('download', () => (ready ? undefined : { deferMs: 10 }));
    const task = runner.start({ node: 'pve1', type: 'download', id: 'x.iso', user: 'root@pam', action: { kind: 'download' }, durationMs: 0 });
    runner.tick();
    expect(task.status).toBe('running');
    ready = true;
    runner.kick();
    runner.close();
    expect(task.exitstatus).toBe('OK');
  });
});
