import { TALOS_MACHINERY_VERSION } from '../machinery/config/contract';
import { processIo, UsageError, type CliIo } from './cli-io';
import { genConfigCommand, GEN_CONFIG_USAGE } from './gen-config-command';
import { genSecretsCommand, GEN_SECRETS_USAGE } from './gen-secrets-command';

/** `ptc`: the project's offline CLI. Subcommands mirror talosctl's syntax. */
export const ROOT_USAGE = `Usage: ptc <command> [flags]

Offline tooling of proxmox-talos-capi (no network access).

Commands:
  talos gen secrets    generate a Talos secrets bundle (secrets.yaml)
  talos gen config     generate controlplane.yaml, worker.yaml and talosconfig
  version              print the Talos machinery version the generators follow

Run 'ptc talos gen <command> --help' for the flags of a command.
`;

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  'talos gen secrets': { run: genSecretsCommand, usage: GEN_SECRETS_USAGE },
  'talos gen config': { run: genConfigCommand, usage: GEN_CONFIG_USAGE },
};

function isParseArgsError(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException)?.code ?? '';
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 usage error). Never prints secret material. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [first, second, third, ...rest] = argv;
  if (argv.length === 0 || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(ROOT_USAGE);
    return argv.length === 0 ? 2 : 0;
  }
  if (first === 'version' || first === '--version') {
    io.stdout(`ptc (Talos machinery ${TALOS_MACHINERY_VERSION})\n`);
    return 0;
  }
  const name = [first, second, third].join(' ');
  const command = COMMANDS[name];
  if (!command) {
    const partial = [first, second].filter(Boolean).join(' ');
    const hint = partial === 'talos gen' || partial === 'talos' ? " (try 'ptc talos gen secrets' or 'ptc talos gen config')" : '';
    io.stderr(`Error: unknown command "${argv.slice(0, 3).join(' ')}"${hint}\n\n${ROOT_USAGE}`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError || isParseArgsError(err)) {
      io.stderr(`Error: ${(err as Error).message}\n\n${command.usage}`);
      return 2;
    }
    io.stderr(`Error: ${(err as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
