/**
 * Standalone Talos node simulator:
 *   tsx test/lab/talos/main.ts --nodes 127.0.10.11,127.0.10.12 [--port 50000] [--platform metal|nocloud]
 *     [--install-ms 1000] [--reboot-ms 2000] [--boot-ms 500] [--bootstrap-ready-ms 1000]
 *     [--memory-mib 4096] [--disk-gib 32]   (every node's VM size, reported by Memory and Disks)
 * Runs until SIGINT/SIGTERM. Logs to stderr.
 */
import { parseArgs } from 'node:util';
import { TalosSimulator } from './simulator';

const USAGE =
  'usage: tsx test/lab/talos/main.ts --nodes 127.0.10.11,127.0.10.12 [--port 50000] [--platform metal|nocloud] [--install-ms N] [--reboot-ms N] [--boot-ms N] [--bootstrap-ready-ms N] [--memory-mib N] [--disk-gib N]';

function size(value: string | undefined, flag: string, unit: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--${flag}: expected a whole positive number`);
  return n * unit;
}

function ms(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag}: expected a whole number of milliseconds`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      nodes: { type: 'string' },
      port: { type: 'string' },
      platform: { type: 'string' },
      'install-ms': { type: 'string' },
      'reboot-ms': { type: 'string' },
      'boot-ms': { type: 'string' },
      'bootstrap-ready-ms': { type: 'string' },
      'memory-mib': { type: 'string' },
      'disk-gib': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.nodes) throw new Error(`--nodes is required\n${USAGE}`);
  const platform = values.platform ?? 'metal';
  if (platform !== 'metal' && platform !== 'nocloud') throw new Error('--platform: expected metal or nocloud');
  const delays = Object.fromEntries(
    Object.entries({
      installMs: ms(values['install-ms'], 'install-ms'),
      rebootMs: ms(values['reboot-ms'], 'reboot-ms'),
      bootMs: ms(values['boot-ms'], 'boot-ms'),
      bootstrapReadyMs: ms(values['bootstrap-ready-ms'], 'bootstrap-ready-ms'),
    }).filter(([, v]) => v !== undefined),
  );
  const nodes = values.nodes
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const hw = { memoryBytes: size(values['memory-mib'], 'memory-mib', 1024 ** 2), diskBytes: size(values['disk-gib'], 'disk-gib', 1024 ** 3) };
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const sim = await TalosSimulator.start({
    nodes,
    hardware: Object.fromEntries(nodes.map((n) => [n, hw])),
    port: values.port === undefined ? undefined : Number(values.port),
    platform,
    delays,
    log,
    onBootstrap: (e) => log(`hook: cluster ${e.config.clusterName} bootstrapped on ${e.node} (endpoint ${e.config.endpoint})`),
    onNodeReady: (r) => log(`hook: node ${r.name} (${r.role}) ready, providerID ${r.providerId ?? '(none)'}, addresses ${r.addresses.map((a) => a.address).join(',')}`),
  });
  log(`simulating ${sim.nodes.length} Talos node(s) on port ${sim.port}: ${sim.nodes.map((n) => n.address).join(', ')}`);
  const stop = (): void => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
});
