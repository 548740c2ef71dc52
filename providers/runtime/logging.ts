/**
 * Provider logging. Everything goes to stderr as hclog-style JSON lines, which Terraform
 * relays at their level under TF_LOG / TF_LOG_PROVIDER; stdout belongs to the handshake.
 */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface Logger {
  trace(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  with(fields: Record<string, unknown>): Logger;
}

/** The level Terraform will show: TF_LOG_PROVIDER wins over TF_LOG; unset means warnings and errors only. */
export function levelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const raw = (env.TF_LOG_PROVIDER || env.TF_LOG || '').toLowerCase();
  if (raw === 'json') return 'trace';
  return raw in ORDER ? (raw as LogLevel) : 'warn';
}

export function createLogger(name: string, level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line), base: Record<string, unknown> = {}): Logger {
  const emit = (lvl: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[lvl] < ORDER[level]) return;
    // go-plugin parses hclog's timestamp layout, which has exactly six fractional digits; with
    // JavaScript's three it drops the level and logs the whole line at DEBUG.
    const timestamp = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    const entry = { '@level': lvl, '@message': message, '@module': name, '@timestamp': timestamp, ...base, ...fields };
    write(`${JSON.stringify(entry)}\n`);
  };
  return {
    trace: (m, f) => emit('trace', m, f),
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    with: (fields) => createLogger(name, level, write, { ...base, ...fields }),
  };
}
