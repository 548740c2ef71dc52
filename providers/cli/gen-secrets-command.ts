import { parseArgs } from 'node:util';
import { parseContract } from '../machinery/config/contract';
import { formatSecretsYaml, generateSecretsBundle } from '../machinery/secrets';
import { asUsage, assertCanWrite, UsageError, writeSecretFiles, type CliIo } from './cli-io';

export const GEN_SECRETS_USAGE = `Usage: ptc talos gen secrets [flags]

Generates a secrets bundle file (the input of 'ptc talos gen config --with-secrets').

Flags:
  -o, --output-file string    path of the output file (default "secrets.yaml")
      --talos-version string  config contract to generate secrets for (default v1.13)
  -f, --force                 overwrite an existing file
  -h, --help                  show this help
`;

export async function genSecretsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      'output-file': { type: 'string', short: 'o', default: 'secrets.yaml' },
      'talos-version': { type: 'string' },
      force: { type: 'boolean', short: 'f', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.stdout(GEN_SECRETS_USAGE);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`gen secrets takes no arguments, got "${positionals[0]}"`);
  const output = values['output-file'];
  if (output === '-') throw new UsageError('--output-file: writing secrets to stdout is not supported; give a file path');
  if (!output) throw new UsageError('--output-file: a file path is required');
  const contract = values['talos-version'] === undefined ? undefined : asUsage(() => parseContract(values['talos-version'] as string, '--talos-version'));
  assertCanWrite(io, output, values.force);
  const bundle = await generateSecretsBundle(contract ? { contract } : {});
  const [path] = writeSecretFiles(io, [{ path: output, contents: formatSecretsYaml(bundle) }], values.force);
  io.stderr(`Created ${path}\n`);
  return 0;
}
