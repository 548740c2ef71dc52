/**
 * Runs the Proxmox VE simulator standalone:
 *
 *   tsx test/lab/proxmox/main.ts --port 8006 --state .lab/pve.json [--nodes pve1,pve2,pve3]
 *
 * Prints the URL, the CA file and an env file with PROXMOX_VE_* settings for the bpg provider
 * (secrets go to that 0600 file, never to stdout). Stops on SIGINT/SIGTERM.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startProxmoxSimulator, type ProxmoxSimulatorOptions } from './simulator';

const USAGE = `usage: tsx test/lab/proxmox/main.ts --state <file> [--port <n>] [--host 127.0.0.1]
       [--nodes pve1,pve2,pve3] [--task-ms 300] [--agent-boot-ms 1000] [--auth-delay-ms 3000]
       [--remote-urls synthetic|offline] [--request-log <file.jsonl>] [--env-file <file>]`;

function intOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name}: expected a non-negative integer, got '${value}'`);
  return n;
}

export function optionsFromArgs(argv: readonly string[]): ProxmoxSimulatorOptions & { envFile: string } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      state: { type: 'string' },
      nodes: { type: 'string' },
      'task-ms': { type: 'string' },
      'agent-boot-ms': { type: 'string' },
      'auth-delay-ms': { type: 'string' },
      'remote-urls': { type: 'string' },
      'request-log': { type: 'string' },
      'env-file': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) throw new Error(USAGE);
  if (!values.state) throw new Error(`--state: give the state file (created when missing)\n${USAGE}`);
  const remote = values['remote-urls'];
  if (remote !== undefined && remote !== 'synthetic' && remote !== 'offline') throw new Error(`--remote-urls: 'synthetic' or 'offline', not '${remote}'`);
  const port = intOption('port', values.port);
  if (port !== undefined && port > 65535) throw new Error('--port: must be at most 65535');
  const nodes = values.nodes
    ?.split(',')
    .map((n) => n.trim())
    .filter((n) => n.length > 0);
  return {
    host: values.host,
    port,
    stateFile: values.state,
    cluster: nodes ? { nodes } : undefined,
    timings: {
      ...(values['task-ms'] !== undefined ? { taskMs: intOption('task-ms', values['task-ms']) } : {}),
      ...(values['agent-boot-ms'] !== undefined ? { agentBootMs: intOption('agent-boot-ms', values['agent-boot-ms']) } : {}),
      ...(values['auth-delay-ms'] !== undefined ? { authFailureDelayMs: intOption('auth-delay-ms', values['auth-delay-ms']) } : {}),
    },
    urls: remote ? { remote } : undefined,
    requestLogFile: values['request-log'],
    envFile: values['env-file'] ?? `${values.state}.env`,
  };
}

async function main(): Promise<void> {
  let options;
  try {
    options = optionsFromArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const sim = await startProxmoxSimulator(options);
  writeFileSync(
    options.envFile,
    [
      `PROXMOX_VE_ENDPOINT=${sim.url}/`,
      `PROXMOX_VE_API_TOKEN=${sim.credentials.apiToken}`,
      `PROXMOX_VE_USERNAME=${sim.credentials.username}`,
      `PROXMOX_VE_PASSWORD=${sim.credentials.password}`,
      `SSL_CERT_FILE=${sim.caFile}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  process.stdout.write(`Proxmox VE simulator listening on ${sim.url}\nCA certificate: ${sim.caFile}\nCredentials (env file): ${options.envFile}\n`);
  const stop = (): void => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: Error) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}
