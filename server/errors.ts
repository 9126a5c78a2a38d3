/**
 * One error hierarchy. Each carries an HTTP status and a message that is safe to show; the final error handler
 * turns anything else (a raw database error, a bug) into a generic 500 without internals.
 */
export class AppError extends Error {
  readonly status: number = 500;
  readonly code: string = 'internal';
  /** Details safe to show the user, such as field errors or a list of file issues. */
  readonly details?: unknown;

  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  override readonly status = 422;
  override readonly code = 'validation';
}

export class NotFoundError extends AppError {
  override readonly status = 404;
  override readonly code = 'not_found';
  constructor(message = 'Not found', details?: unknown) {
    super(message, details);
  }
}

export class UnauthorizedError extends AppError {
  override readonly status = 401;
  override readonly code = 'unauthorized';
  constructor(message = 'Please sign in', details?: unknown) {
    super(message, details);
  }
}

export class NoPermissionError extends AppError {
  override readonly status = 403;
  override readonly code = 'forbidden';
  constructor(message = 'You do not have permission to do that', details?: unknown) {
    super(message, details);
  }
}

export class ConflictError extends AppError {
  override readonly status = 409;
  override readonly code = 'conflict';
}

export class PayloadTooLargeError extends AppError {
  override readonly status = 413;
  override readonly code = 'payload_too_large';
}

export class UnsupportedMediaTypeError extends AppError {
  override readonly status = 415;
  override readonly code = 'unsupported_media_type';
}

export class UnavailableError extends AppError {
  override readonly status = 503;
  override readonly code = 'unavailable';
  constructor(message = 'The service is temporarily unavailable; please retry shortly', details?: unknown) {
    super(message, details);
  }
}

/** The database's disk is full: the write was refused and rolled back, so retrying helps only once space is freed. */
export class InsufficientStorageError extends AppError {
  override readonly status = 507;
  override readonly code = 'disk_full';
  constructor(
    message = "The server's disk is full, so nothing was saved. Ask the administrator to free some space, then try again.",
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** PostgreSQL error codes we translate into typed errors. */
const PG_CONNECTION_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/** Maps a database error to a typed error where the cause is the user's input or a passing outage. */
export function fromDatabaseError(err: unknown): AppError | undefined {
  const e = err as { code?: string; constraint?: string; message?: string; severity?: string };
  if (!e || typeof e !== 'object') return undefined;
  // disk_full: could not extend a file, or (a PANIC: the embedded database crashed) create a WAL segment.
  if (e.code === '53100') return new InsufficientStorageError();
  // Any other PANIC: the embedded database crashed (see open-database.ts) and the process restarts.
  if (e.severity === 'PANIC') return new UnavailableError();
  if (e.code === '23505') return new ConflictError('That already exists', { constraint: e.constraint });
  if (e.code === '23503') return new ConflictError('A related record is missing or still in use');
  if (e.code === '23514' || e.code === '22P02' || e.code === '22001')
    return new ValidationError('A value was not accepted by the database');
  if (e.code && PG_CONNECTION_CODES.has(e.code)) return new UnavailableError();
  if (/ECONNREFUSED|ECONNRESET|Connection terminated|Timeout acquiring a connection/i.test(e.message ?? ''))
    return new UnavailableError();
  return undefined;
}
