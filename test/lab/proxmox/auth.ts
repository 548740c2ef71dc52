/**
 * PVE authentication: API tokens (`PVEAPIToken=user@realm!id=secret`), tickets from
 * `POST /access/ticket` (cookie `PVEAuthCookie`) and CSRF prevention tokens required on every
 * non-GET request made with a ticket. Tickets and CSRF tokens are HMACs over the cluster's auth
 * key, so they stay valid across simulator restarts (PVE's authkey does the same).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthError } from './http/errors';

export interface UserDef {
  /** `root@pam` style user id. */
  readonly userid: string;
  readonly password: string;
}

export interface TokenDef {
  /** `root@pam!terraform` style token id. */
  readonly tokenid: string;
  /** The secret (PVE generates a UUID). */
  readonly secret: string;
}

export interface Identity {
  /** The user the request acts as: `root@pam`, or `root@pam!terraform` for tokens (as in task UPIDs). */
  readonly userid: string;
  readonly via: 'token' | 'ticket' | 'none';
}

const USERID_RE = /^[^\s:/@!]+@[A-Za-z][A-Za-z0-9.\-_]+$/;
const TOKENID_RE = /^([^\s:/@!]+@[A-Za-z][A-Za-z0-9.\-_]+)!([A-Za-z][A-Za-z0-9.\-_]+)$/;
const TICKET_LIFETIME_S = 7200;
const TICKET_MIN_AGE_S = -300;

export function validateAuthConfig(users: readonly UserDef[], tokens: readonly TokenDef[]): void {
  for (const u of users) {
    if (!USERID_RE.test(u.userid)) throw new Error(`users: '${u.userid}' is not a PVE user id (expected name@realm, e.g. root@pam)`);
    if (!u.password) throw new Error(`users.${u.userid}.password: must not be empty`);
  }
  for (const t of tokens) {
    const m = TOKENID_RE.exec(t.tokenid);
    if (!m) throw new Error(`tokens: '${t.tokenid}' is not a PVE token id (expected user@realm!tokenname)`);
    if (!users.some((u) => u.userid === m[1])) throw new Error(`tokens.${t.tokenid}: its user ${m[1]} is not in users`);
    if (!/^[a-zA-Z0-9-]+$/.test(t.secret)) throw new Error(`tokens.${t.tokenid}.secret: use letters, digits and dashes (a UUID), as the bpg provider requires`);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

/** Cookie/header values carry `name=value` pairs separated by `;` or `,` (PVE's extract_auth_value). */
export function extractAuthValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  const m = new RegExp(`(?:^|\\s|[;,])${name}[= ]([^;,]*)`).exec(header);
  if (!m) return undefined;
  try {
    return decodeURIComponent(m[1].trim());
  } catch {
    return m[1].trim();
  }
}

export class Authenticator {
  constructor(
    private readonly authKey: string,
    private readonly users: readonly UserDef[],
    private readonly tokens: readonly TokenDef[],
    private readonly clock: () => number = Date.now,
  ) {}

  private sign(data: string): string {
    return createHmac('sha256', this.authKey).update(data).digest('base64').replace(/=+$/, '');
  }

  /** `POST /access/ticket`: checks the password; throws PVE's 401 "authentication failure". */
  login(username: string, password: string, realm?: string): { ticket: string; csrf: string; userid: string } {
    const userid = username.includes('@') ? username : `${username}@${realm ?? 'pam'}`;
    const user = this.users.find((u) => u.userid === userid);
    if (!user || !safeEqual(user.password, password)) throw new AuthError('authentication failure');
    return { ticket: this.issueTicket(userid), csrf: this.csrfToken(userid), userid };
  }

  issueTicket(userid: string): string {
    const plain = `PVE:${userid}:${hex8(Math.floor(this.clock() / 1000))}`;
    return `${plain}::${this.sign(plain)}`;
  }

  csrfToken(userid: string): string {
    const time = hex8(Math.floor(this.clock() / 1000));
    return `${time}:${this.sign(`${time}:${userid}`)}`;
  }

  private verifyTicket(ticket: string): string {
    const m = /^(PVE:([^:]+):([0-9A-F]{8}))::(.+)$/.exec(ticket);
    if (!m || !safeEqual(this.sign(m[1]), m[4])) throw new AuthError('Authentication failed!');
    const age = Math.floor(this.clock() / 1000) - parseInt(m[3], 16);
    if (age < TICKET_MIN_AGE_S || age > TICKET_LIFETIME_S) throw new AuthError('Authentication failed!');
    if (!this.users.some((u) => u.userid === m[2])) throw new AuthError('Authentication failed!');
    return m[2];
  }

  private verifyCsrf(userid: string, token: string | undefined): void {
    const m = token ? /^([0-9A-F]{8}):(.+)$/.exec(token) : null;
    if (!m || !safeEqual(this.sign(`${m[1]}:${userid}`), m[2])) throw new AuthError('Permission denied - invalid csrf token');
    const age = Math.floor(this.clock() / 1000) - parseInt(m[1], 16);
    if (age < TICKET_MIN_AGE_S || age > TICKET_LIFETIME_S) throw new AuthError('Permission denied - invalid csrf token');
  }

  private verifyToken(value: string): string {
    const m = /^(\S+)=(\S+)$/.exec(value);
    const token = m ? this.tokens.find((t) => t.tokenid === m[1]) : undefined;
    if (!m || !token || !safeEqual(token.secret, m[2])) throw new AuthError('Authentication failed!');
    return token.tokenid;
  }

  /**
   * pve-http-server's auth_handler: the cookie (or `PVEAuthCookie=` in Authorization) wins over an
   * API token; tickets need the CSRF header on non-GET requests; tokens never do.
   */
  authenticate(method: string, relPath: string, headers: { cookie?: string; authorization?: string; csrf?: string }): Identity {
    const open =
      (relPath === '/access/domains' && method === 'GET') || (relPath === '/access/ticket' && (method === 'GET' || method === 'POST')) || (relPath === '/access/vncticket' && method === 'POST');
    const ticket = extractAuthValue(headers.cookie, 'PVEAuthCookie') ?? extractAuthValue(headers.authorization, 'PVEAuthCookie');
    const apiToken = ticket ? undefined : extractAuthValue(headers.authorization, 'PVEAPIToken');
    if (open) return { userid: '', via: 'none' };
    if (apiToken) return { userid: this.verifyToken(apiToken), via: 'token' };
    if (!ticket) throw new AuthError('No ticket');
    const userid = this.verifyTicket(ticket);
    if (method !== 'GET') this.verifyCsrf(userid, headers.csrf);
    return { userid, via: 'ticket' };
  }
}
