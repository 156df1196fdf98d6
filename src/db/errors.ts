/** A problem with configuration or input: printed as one line, exit 2. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A database error that names the SQL file or step it came from. */
export class QueryError extends Error {
  override readonly name = 'QueryError';

  constructor(
    readonly source: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`${source}: ${reason}`, { cause });
  }
}
