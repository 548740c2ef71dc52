/**
 * Standalone lab workload (Talos node simulator + workload Kubernetes on bootstrap):
 *   tsx test/lab/workload/main.ts --nodes 127.0.10.11,127.0.10.12,... --base-dir /tmp/lab-workload
 *     [--port 50000] [--platform metal|nocloud] [--install-ms N] [--reboot-ms N] [--boot-ms N] [--bootstrap-ready-ms N]
 * Prints `ready` on stdout once the nodes serve (in maintenance mode); runs until SIGINT/SIGTERM.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { LabWorkload } from './lab-workload';

const USAGE =
  'usage: tsx test/lab/workload/main.ts --nodes 127.0.10.11,127.0.10.12 --base-dir DIR [--port 50000] [--platform metal|nocloud] ' +
  '[--install-ms N] [--reboot-ms N] [--boot-ms N] [--bootstrap-ready-ms N]';

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
      'base-dir': { type: 'string' },
      port: { type: 'string' },
      platform: { type: 'string' },
      'install-ms': { type: 'string' },
      'reboot-ms': { type: 'string' },
      'boot-ms': { type: 'string' },
      'bootstrap-ready-ms': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!values.nodes) throw new Error(`--nodes is required\n${USAGE}`);
  if (!values['base-dir']) throw new Error(`--base-dir is required\n${USAGE}`);
  const platform = values.platform ?? 'metal';
  if (platform !== 'metal' && platform !== 'nocloud') throw new Error('--platform: expected metal or nocloud');
  const baseDir = resolve(values['base-dir']);
  mkdirSync(baseDir, { recursive: true });
  const delays = Object.fromEntries(
    Object.entries({
      installMs: ms(values['install-ms'], 'install-ms'),
      rebootMs: ms(values['reboot-ms'], 'reboot-ms'),
      bootMs: ms(values['boot-ms'], 'boot-ms'),
      bootstrapReadyMs: ms(values['bootstrap-ready-ms'], 'bootstrap-ready-ms'),
    }).filter(([, v]) => v !== undefined),
  );
  const log = (line: string): void => void process.stderr.write(`${new Date().toISOString()} ${line}\n`);
  const lab = await LabWorkload.start({
    nodes: values.nodes
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    port: values.port === undefined ? undefined : Number(values.port),
    platform,
    delays,
    baseDir,
    log,
  });
  log(`lab workload: ${lab.simulator.nodes.length} Talos node(s) in maintenance mode; the workload Kubernetes starts on Bootstrap (data under ${baseDir})`);
  process.stdout.write('ready\n');
  const stop = (): void => {
    lab.stop().then(
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
