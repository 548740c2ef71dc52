import { request } from 'node:https';
import { connect } from 'node:tls';
import { PveClient } from '../../../lab/proxmox/client';
import { startLab, type Lab } from './support';

describe('simulator authentication', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab();
  });
  afterAll(() => lab.sim.close());

  it('accepts the API token header and needs no CSRF token for writes', async () => {
    const res = await lab.api.call('GET', '/version');
    expect(res.status).toBe(200);
    expect(res.raw).toBe('{"data":{"version":"9.1.4","release":"9.1","repoid":"5a3d2a4e1c0b9f7d"}}');
    expect((await lab.api.call('POST', '/pools', { params: { poolid: 'tokenpool' } })).status).toBe(200);
  });

  it('answers 401 without a body for missing or wrong credentials', async () => {
    const none = await lab.api.call('GET', '/nodes', { auth: { kind: 'none' } });
    expect([none.status, none.statusText, none.raw]).toEqual([401, 'No ticket', '']);
    const badSecret = await lab.api.call('GET', '/nodes', { auth: { kind: 'token', apiToken: `${lab.sim.credentials.tokenId}=00000000-0000-0000-0000-000000000000` } });
    expect([badSecret.status, badSecret.statusText]).toEqual([401, 'Authentication failed!']);
    const badTicket = await lab.api.call('GET', '/nodes', { auth: { kind: 'ticket', ticket: 'PVE:root@pam:6700AA01::Zm9v' } });
    expect([badTicket.status, badTicket.statusText]).toEqual([401, 'Authentication failed!']);
  });

  it('logs in with a password: ticket, CSRF token, username; writes need the CSRF header', async () => {
    const c = new PveClient(lab.sim.url, lab.sim.caPem, { kind: 'none' });
    const wrong = await c.call('POST', '/access/ticket', { params: { username: 'root@pam', password: 'nope' } });
    expect([wrong.status, wrong.statusText, wrong.body?.message]).toEqual([401, 'authentication failure', 'authentication failure\n']);
    const login = await c.call<Record<string, unknown>>('POST', '/access/ticket', { params: { username: 'root', realm: 'pam', password: lab.sim.credentials.password } });
    expect(login.status).toBe(200);
    const data = login.body?.data ?? {};
    expect(data.username).toBe('root@pam');
    expect(String(data.ticket)).toMatch(/^PVE:root@pam:[0-9A-F]{8}::.+$/);
    expect(String(data.CSRFPreventionToken)).toMatch(/^[0-9A-F]{8}:.+$/);
    expect((data.cap as Record<string, Record<string, number>>).vms['VM.Allocate']).toBe(1);

    const ticket = String(data.ticket);
    const csrf = String(data.CSRFPreventionToken);
    expect((await c.call('GET', '/nodes', { auth: { kind: 'ticket', ticket } })).status).toBe(200);
    const noCsrf = await c.call('POST', '/pools', { params: { poolid: 'ticketpool' }, auth: { kind: 'ticket', ticket } });
    expect([noCsrf.status, noCsrf.statusText]).toEqual([401, 'Permission denied - invalid csrf token']);
    const otherCsrf = await c.call('DELETE', '/pools', { params: { poolid: 'tokenpool' }, auth: { kind: 'ticket', ticket, csrf: `${csrf.slice(0, 9)}AAAA` } });
    expect(otherCsrf.status).toBe(401);
    expect((await c.call('POST', '/pools', { params: { poolid: 'ticketpool' }, auth: { kind: 'ticket', ticket, csrf } })).status).toBe(200);
  });

  it('also takes the ticket from the Authorization header', async () => {
    const c = new PveClient(lab.sim.url, lab.sim.caPem, { kind: 'none' });
    const { ticket } = await c.login('root@pam', lab.sim.credentials.password);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${lab.sim.url}/api2/json/nodes`, { ca: lab.sim.caPem, headers: { Authorization: `PVEAuthCookie=${ticket}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  });

  it('refuses token access to /access/ticket like PVE (allowtoken=0)', async () => {
    const res = await lab.api.call('POST', '/access/ticket', { params: { username: 'root@pam', password: lab.sim.credentials.password } });
    expect(res.status).toBe(403);
    expect(res.statusText).toBe("Permission check failed (URI '/access/ticket' not available with API token, need proper ticket.)");
  });

  it('accepts only TLS 1.3', async () => {
    const url = new URL(lab.sim.url);
    const outcome = await new Promise<string>((resolve) => {
      const s = connect({ host: url.hostname, port: Number(url.port), ca: lab.sim.caPem, maxVersion: 'TLSv1.2' }, () => resolve(`connected ${s.getProtocol()}`));
      s.on('error', (e) => resolve(`error ${e.message}`));
    });
    expect(outcome).toMatch(/^error /);
  });
});

describe('401 delay', () => {
  it('delays failed authentication by 3 s as pve-http-server does', async () => {
    const lab = await startLab({ timings: { authFailureDelayMs: 3000 } });
    try {
      const t0 = Date.now();
      const res = await lab.api.call('GET', '/nodes', { auth: { kind: 'none' } });
      expect(res.status).toBe(401);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(2900);
    } finally {
      await lab.sim.close();
    }
  });
});
