import type { Logger } from 'pino';

/**
 * Runs `stop` once on the first SIGINT or SIGTERM, then exits. A second
 * signal, or a stop that outlives `hardLimitMs`, exits at once with status 1.
 */
export function stopOnSignals(stop: () => Promise<void>, logger: Logger, hardLimitMs: number): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const limit = setTimeout(() => {
      logger.error({ hardLimitMs }, 'shutdown took too long: exiting');
      process.exit(1);
    }, hardLimitMs);
    limit.unref();
    stop().then(
      () => {
        logger.info('stopped');
        logger.flush?.();
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/** Prints a fatal start-up error plainly (configuration problems included) and exits. */
export function exitOnStartupError(error: unknown): never {
  const message =
    error instanceof Error
      ? ['ConfigValidationError', 'SchemaNotMigratedError'].includes(error.name)
        ? error.message
        : error.stack
      : String(error);
  process.stderr.write(`\nMaillage could not start.\n${message}\n`);
  process.exit(1);
}
