/** `/nodes/{node}/tasks[/{upid}[/status|/log]]`. */
import type { LabCluster } from '../cluster';
import { ParamError } from '../http/errors';
import { result, type Router } from '../http/router';
import { NODE, OPTIONAL_VMID } from '../schema/common-params';
import type { TaskRecord } from '../state/model';
import { decodeUpid } from '../tasks';
import { flag, num, reqStr, str } from './params';

const UPID = { type: 'string' } as const;

function taskOf(sim: LabCluster, upid: string): TaskRecord {
  if (!decodeUpid(upid)) throw new ParamError({ upid: 'unable to parse worker upid' });
  const task = sim.tasks.find(upid);
  if (!task) throw new ParamError({ upid: 'no such task' });
  return task;
}

function statusView(task: TaskRecord): Record<string, string | number> {
  const v: Record<string, string | number> = {
    upid: task.upid,
    node: task.node,
    pid: task.pid,
    pstart: task.pstart,
    starttime: task.starttime,
    type: task.type,
    id: task.id,
    user: task.user.replace(/!.*$/, ''),
    status: task.status,
  };
  if (task.user.includes('!')) v.tokenid = task.user.replace(/^.*!/, '');
  if (task.status === 'stopped' && task.exitstatus !== undefined) v.exitstatus = task.exitstatus;
  return v;
}

export function registerTaskRoutes(router: Router<LabCluster>): void {
  router.add({
    method: 'GET',
    path: '/nodes/{node}/tasks',
    proxyToNode: true,
    params: {
      node: NODE,
      errors: { type: 'boolean', optional: true },
      limit: { type: 'integer', optional: true, minimum: 0 },
      since: { type: 'integer', optional: true },
      source: { type: 'string', optional: true, enum: ['archive', 'active', 'all'] },
      start: { type: 'integer', optional: true, minimum: 0 },
      statusfilter: { type: 'string', optional: true, format: 'pve-task-status-type-list' },
      typefilter: { type: 'string', optional: true },
      until: { type: 'integer', optional: true },
      userfilter: { type: 'string', optional: true },
      vmid: OPTIONAL_VMID,
    },
    handler: ({ sim, params }) => {
      const node = reqStr(params, 'node');
      const vmid = num(params, 'vmid');
      const type = str(params, 'typefilter');
      const source = str(params, 'source') ?? 'archive';
      let tasks = sim.state.tasks.filter((t) => t.node === node);
      if (source === 'active') tasks = tasks.filter((t) => t.status === 'running');
      if (source === 'archive') tasks = tasks.filter((t) => t.status === 'stopped');
      if (vmid !== undefined) tasks = tasks.filter((t) => t.id === String(vmid));
      if (type) tasks = tasks.filter((t) => t.type === type);
      if (flag(params, 'errors')) tasks = tasks.filter((t) => t.exitstatus !== undefined && t.exitstatus !== 'OK');
      const sorted = [...tasks].sort((a, b) => b.starttime - a.starttime || b.pid - a.pid);
      const start = num(params, 'start') ?? 0;
      const limit = num(params, 'limit') ?? 50;
      const page = sorted.slice(start, start + limit).map((t) => {
        const v: Record<string, string | number> = { ...statusView(t) };
        if (t.endtime !== undefined) v.endtime = t.endtime;
        if (t.exitstatus !== undefined) v.status = t.exitstatus;
        else delete v.status;
        return v;
      });
      return result(page, { total: sorted.length });
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}',
    proxyToNode: true,
    params: { node: NODE, upid: UPID },
    handler: ({ sim, params }) => {
      taskOf(sim, reqStr(params, 'upid'));
      return [{ name: 'log' }, { name: 'status' }];
    },
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/status',
    proxyToNode: true,
    params: { node: NODE, upid: UPID },
    handler: ({ sim, params }) => statusView(taskOf(sim, reqStr(params, 'upid'))),
  });

  router.add({
    method: 'GET',
    path: '/nodes/{node}/tasks/{upid}/log',
    proxyToNode: true,
    params: {
      node: NODE,
      upid: UPID,
      start: { type: 'integer', optional: true, minimum: 0 },
      limit: { type: 'integer', optional: true, minimum: 0 },
      download: { type: 'boolean', optional: true },
    },
    handler: ({ sim, params }) => {
      const task = taskOf(sim, reqStr(params, 'upid'));
      if (flag(params, 'download') && (params.start !== undefined || params.limit !== undefined)) {
        throw new Error("'download' cannot be used together with 'start' or 'limit' parameters");
      }
      const start = num(params, 'start') ?? 0;
      const limit = num(params, 'limit') ?? 50;
      const lines = task.log.length > 0 ? task.log : [{ n: 1, t: 'no content' }];
      return result(lines.slice(start, start + limit), { total: lines.length });
    },
  });

  router.add({
    method: 'DELETE',
    path: '/nodes/{node}/tasks/{upid}',
    proxyToNode: true,
    params: { node: NODE, upid: UPID },
    handler: ({ sim, params }) => {
      const task = taskOf(sim, reqStr(params, 'upid'));
      // Stopping a finished task is a no-op in PVE; a running one is killed.
      if (task.status === 'running') {
        task.status = 'stopped';
        task.log.push({ n: task.log.length + 1, t: 'received interrupt' }, { n: task.log.length + 2, t: 'TASK ERROR: interrupted by signal' });
        task.exitstatus = 'interrupted by signal';
        sim.save();
      }
      return null;
    },
  });
}
