/**
 * The application log: JSON lines through winston. It records request ids, routes, statuses,
 * categories, rule ids and hashes, never prompt text, outputs or credentials (STYLE.md §9).
 * Callers pass structured metadata; there is deliberately no helper that accepts a body.
 */
import winston from 'winston';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level?: string;
  /** Silence output entirely (tests). */
  silent?: boolean;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return winston.createLogger({
    level: opts.level ?? process.env.LOG_LEVEL ?? 'info',
    silent: opts.silent ?? false,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    defaultMeta: { service: 'compliance-gateway' },
    transports: [new winston.transports.Console({ stderrLevels: ['error', 'warn'] })],
  });
}
