/**
 * Kubeconfig parsing: turns the text of a kubeconfig into what a client needs to reach one API
 * server (server URL, trust, client credentials). Supports what management clusters hand out in
 * practice: inline or file certificates, bearer tokens, basic auth and exec credential plugins.
 * Every error names the kubeconfig field and how to fix it; secrets never appear in messages.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { yamlLib } from '../../kernel/lazy';

export class KubeconfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeconfigError';
  }
}

export interface ExecConfig {
  readonly apiVersion: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env: readonly { name: string; value: string }[];
  readonly provideClusterInfo: boolean;
  /** Directory relative commands are resolved against (the kubeconfig's). */
  readonly baseDir: string | undefined;
}

export type ClientAuth =
  | { readonly kind: 'none' }
  | { readonly kind: 'certificate'; readonly certPem: string; readonly keyPem: string }
  | { readonly kind: 'token'; readonly token: string }
  | { readonly kind: 'token-file'; readonly path: string }
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'exec'; readonly exec: ExecConfig };

/** Everything needed to talk to one API server. */
export interface ClusterAccess {
  /** https://host:port[/path] without a trailing slash. */
  readonly server: string;
  readonly contextName: string;
  /** PEM bundle to trust; undefined means the system roots. */
  readonly caPem: string | undefined;
  readonly insecureSkipTlsVerify: boolean;
  readonly tlsServerName: string | undefined;
  readonly auth: ClientAuth;
}

export interface KubeconfigSource {
  /** Raw kubeconfig text. */
  readonly text: string;
  /** Where the text came from, for messages (e.g. a path, or "the provider's kubeconfig attribute"). */
  readonly origin: string;
  /** Directory relative file references are resolved against; default the current directory. */
  readonly baseDir?: string;
  /** Context to use; default current-context. */
  readonly context?: string;
}

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function namedEntry(list: unknown, field: string, name: string, inner: string, origin: string): Dict {
  if (!Array.isArray(list)) throw new KubeconfigError(`${origin}: ${field} must be a list`);
  const entry = list.find((e) => isDict(e) && e.name === name);
  if (!entry) {
    const names = list.filter(isDict).map((e) => String(e.name));
    throw new KubeconfigError(`${origin}: ${field} has no entry named ${JSON.stringify(name)} (present: ${names.join(', ') || 'none'})`);
  }
  const body = (entry as Dict)[inner];
  if (!isDict(body)) throw new KubeconfigError(`${origin}: ${field}[${name}].${inner} must be a mapping`);
  return body;
}

function optString(d: Dict, key: string, where: string): string | undefined {
  const v = d[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new KubeconfigError(`${where}.${key} must be a string`);
  return v;
}

function decodeBase64(value: string, where: string): string {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new KubeconfigError(`${where} is not base64`);
  return Buffer.from(compact, 'base64').toString('utf8');
}

function readReferenced(file: string, baseDir: string | undefined, where: string): string {
  const full = path.isAbsolute(file) ? file : path.resolve(baseDir ?? process.cwd(), file);
  try {
    return fs.readFileSync(full, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`${where}: cannot read ${full}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function pemOrFile(d: Dict, dataKey: string, fileKey: string, where: string, baseDir: string | undefined): string | undefined {
  const data = optString(d, dataKey, where);
  if (data !== undefined) return decodeBase64(data, `${where}.${dataKey}`);
  const file = optString(d, fileKey, where);
  return file === undefined ? undefined : readReferenced(file, baseDir, `${where}.${fileKey}`);
}

function parseExec(d: Dict, where: string, baseDir: string | undefined): ExecConfig {
  const apiVersion = optString(d, 'apiVersion', where);
  if (apiVersion !== 'client.authentication.k8s.io/v1' && apiVersion !== 'client.authentication.k8s.io/v1beta1') {
    throw new KubeconfigError(`${where}.apiVersion must be client.authentication.k8s.io/v1 or v1beta1, got ${JSON.stringify(apiVersion)}`);
  }
  const command = optString(d, 'command', where);
  if (!command) throw new KubeconfigError(`${where}.command is required`);
  const args = d.args ?? [];
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new KubeconfigError(`${where}.args must be a list of strings`);
  const envList = d.env ?? [];
  if (!Array.isArray(envList)) throw new KubeconfigError(`${where}.env must be a list of {name, value}`);
  const env = envList.map((e, i) => {
    if (!isDict(e) || typeof e.name !== 'string' || typeof e.value !== 'string') throw new KubeconfigError(`${where}.env[${i}] must have string name and value`);
    return { name: e.name, value: e.value };
  });
  return { apiVersion, command, args: args as string[], env, provideClusterInfo: d.provideClusterInfo === true, baseDir };
}

function parseAuth(user: Dict, where: string, baseDir: string | undefined): ClientAuth {
  if (user['auth-provider'] !== undefined) {
    throw new KubeconfigError(`${where}.auth-provider is not supported (legacy plugins were removed from Kubernetes); use an exec credential plugin`);
  }
  if (isDict(user.exec)) return { kind: 'exec', exec: parseExec(user.exec, `${where}.exec`, baseDir) };
  const certPem = pemOrFile(user, 'client-certificate-data', 'client-certificate', where, baseDir);
  const keyPem = pemOrFile(user, 'client-key-data', 'client-key', where, baseDir);
  if ((certPem === undefined) !== (keyPem === undefined)) {
    throw new KubeconfigError(`${where}: a client certificate needs both client-certificate(-data) and client-key(-data)`);
  }
  if (certPem !== undefined && keyPem !== undefined) return { kind: 'certificate', certPem, keyPem };
  const token = optString(user, 'token', where);
  if (token !== undefined) return { kind: 'token', token };
  const tokenFile = optString(user, 'tokenFile', where);
  if (tokenFile !== undefined) return { kind: 'token-file', path: path.isAbsolute(tokenFile) ? tokenFile : path.resolve(baseDir ?? process.cwd(), tokenFile) };
  const username = optString(user, 'username', where);
  if (username !== undefined) return { kind: 'basic', username, password: optString(user, 'password', where) ?? '' };
  return { kind: 'none' };
}

/** Parses a kubeconfig and selects one context. */
export function parseKubeconfig(source: KubeconfigSource): ClusterAccess {
  const origin = source.origin;
  let doc: unknown;
  try {
    doc = yamlLib().parse(source.text);
  } catch (err) {
    throw new KubeconfigError(`${origin} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!isDict(doc)) throw new KubeconfigError(`${origin} must be a kubeconfig (a YAML mapping with clusters, users and contexts)`);
  if (doc.kind !== undefined && doc.kind !== 'Config') throw new KubeconfigError(`${origin}: kind must be Config, got ${JSON.stringify(doc.kind)}`);
  const contextName = source.context ?? (typeof doc['current-context'] === 'string' ? doc['current-context'] : '');
  if (!contextName) throw new KubeconfigError(`${origin} has no current-context; set one or name the context in the provider's context attribute`);
  const context = namedEntry(doc.contexts, 'contexts', contextName, 'context', origin);
  const clusterName = optString(context, 'cluster', `${origin}: contexts[${contextName}].context`);
  const userName = optString(context, 'user', `${origin}: contexts[${contextName}].context`);
  if (!clusterName) throw new KubeconfigError(`${origin}: contexts[${contextName}].context.cluster is required`);
  const clusterWhere = `${origin}: clusters[${clusterName}].cluster`;
  const cluster = namedEntry(doc.clusters, 'clusters', clusterName, 'cluster', origin);
  const serverRaw = optString(cluster, 'server', clusterWhere);
  if (!serverRaw) throw new KubeconfigError(`${clusterWhere}.server is required`);
  let url: URL;
  try {
    url = new URL(serverRaw);
  } catch {
    throw new KubeconfigError(`${clusterWhere}.server must be a URL such as https://10.0.0.10:6443, got ${JSON.stringify(serverRaw)}`);
  }
  if (url.protocol !== 'https:') throw new KubeconfigError(`${clusterWhere}.server must use https, got ${JSON.stringify(serverRaw)}`);
  if (optString(cluster, 'proxy-url', clusterWhere) !== undefined) throw new KubeconfigError(`${clusterWhere}.proxy-url is not supported; reach the API server directly`);
  const insecure = cluster['insecure-skip-tls-verify'] === true;
  const caPem = pemOrFile(cluster, 'certificate-authority-data', 'certificate-authority', clusterWhere, source.baseDir);
  const auth = userName ? parseAuth(namedEntry(doc.users, 'users', userName, 'user', origin), `${origin}: users[${userName}].user`, source.baseDir) : { kind: 'none' as const };
  return {
    server: serverRaw.replace(/\/+$/, ''),
    contextName,
    caPem,
    insecureSkipTlsVerify: insecure,
    tlsServerName: optString(cluster, 'tls-server-name', clusterWhere),
    auth,
  };
}

/** Reads and parses a kubeconfig file (relative references resolve against its directory). */
export function loadKubeconfigFile(file: string, context?: string): ClusterAccess {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseKubeconfig({ text, origin: `kubeconfig ${file}`, baseDir: path.dirname(path.resolve(file)), context });
}
