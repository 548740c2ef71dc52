import { Authenticator, extractAuthValue, validateAuthConfig } from '../../../lab/proxmox/auth';
import { AuthError } from '../../../lab/proxmox/http/errors';

const USERS = [{ userid: 'root@pam', password: 'secret-pw' }];
const TOKENS = [{ tokenid: 'root@pam!tf', secret: '3f2a9c1e-0000-4000-8000-123456789abc' }];

function reason(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AuthError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('PVE authentication', () => {
  const now = { t: Date.UTC(2026, 0, 1) };
  const auth = new Authenticator('k'.repeat(64), USERS, TOKENS, () => now.t);

  it('authenticates API tokens (user becomes user@realm!token) and never asks for CSRF', () => {
    expect(auth.authenticate('POST', '/nodes/pve1/qemu', { authorization: `PVEAPIToken=root@pam!tf=${TOKENS[0].secret}` })).toEqual({ userid: 'root@pam!tf', via: 'token' });
    expect(reason(() => auth.authenticate('GET', '/nodes', { authorization: 'PVEAPIToken=root@pam!tf=wrong' }))).toBe('Authentication failed!');
    expect(reason(() => auth.authenticate('GET', '/nodes', { authorization: `PVEAPIToken=root@pam!other=${TOKENS[0].secret}` }))).toBe('Authentication failed!');
  });

  it('issues tickets valid for two hours and CSRF tokens bound to the user', () => {
    const { ticket, csrf, userid } = auth.login('root', 'secret-pw', 'pam');
    expect(userid).toBe('root@pam');
    const cookie = `PVEAuthCookie=${encodeURIComponent(ticket)}`;
    expect(auth.authenticate('GET', '/nodes', { cookie })).toEqual({ userid: 'root@pam', via: 'ticket' });
    expect(reason(() => auth.authenticate('PUT', '/nodes/pve1/network', { cookie }))).toBe('Permission denied - invalid csrf token');
    expect(auth.authenticate('PUT', '/nodes/pve1/network', { cookie, csrf }).via).toBe('ticket');
    now.t += 7199_000;
    expect(auth.authenticate('GET', '/nodes', { cookie }).userid).toBe('root@pam');
    now.t += 2_000;
    expect(reason(() => auth.authenticate('GET', '/nodes', { cookie }))).toBe('Authentication failed!');
  });

  it('rejects wrong passwords, forged tickets and requests without credentials', () => {
    expect(reason(() => auth.login('root@pam', 'nope'))).toBe('authentication failure');
    const other = new Authenticator('x'.repeat(64), USERS, TOKENS, () => now.t);
    const forged = other.issueTicket('root@pam');
    expect(reason(() => auth.authenticate('GET', '/nodes', { cookie: `PVEAuthCookie=${forged}` }))).toBe('Authentication failed!');
    expect(reason(() => auth.authenticate('GET', '/nodes', {}))).toBe('No ticket');
    expect(auth.authenticate('POST', '/access/ticket', {}).via).toBe('none');
  });

  it('reads auth values from cookie and header lists', () => {
    expect(extractAuthValue('a=1; PVEAuthCookie=PVE%3Aroot%40pam%3A1::sig; b=2', 'PVEAuthCookie')).toBe('PVE:root@pam:1::sig');
    expect(extractAuthValue('PVEAPIToken root@pam!tf=abc', 'PVEAPIToken')).toBe('root@pam!tf=abc');
    expect(extractAuthValue(undefined, 'PVEAuthCookie')).toBeUndefined();
  });

  it('validates configured users and tokens at the edge', () => {
    expect(() => validateAuthConfig([{ userid: 'root', password: 'x' }], [])).toThrow("users: 'root' is not a PVE user id (expected name@realm, e.g. root@pam)");
    expect(() => validateAuthConfig(USERS, [{ tokenid: 'root@pam', secret: 'x' }])).toThrow("tokens: 'root@pam' is not a PVE token id (expected user@realm!tokenname)");
    expect(() => validateAuthConfig(USERS, [{ tokenid: 'admin@pve!tf', secret: 'x' }])).toThrow('tokens.admin@pve!tf: its user admin@pve is not in users');
    expect(() => validateAuthConfig(USERS, [{ tokenid: 'root@pam!tf', secret: 'not/valid' }])).toThrow(
      'tokens.root@pam!tf.secret: use letters, digits and dashes (a UUID), as the bpg provider requires',
    );
  });
});
