import type { Knex } from 'knex';
import type { IncrementResponse, Options, Store } from 'express-rate-limit';

/**
 * An express-rate-limit store in PostgreSQL, so that every server process counts the same attempts:
 * one upsert per hit, the window restarting once it has passed.
 */
export class PostgresRateLimitStore implements Store {
  private windowMs = 60_000;
  prefix: string;

  constructor(
    private readonly db: Knex,
    prefix: string,
  ) {
    this.prefix = prefix;
  }

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  /** The same table under another key prefix, for a second limiter (express-rate-limit wants a store each). */
  withPrefix(prefix: string): PostgresRateLimitStore {
    return new PostgresRateLimitStore(this.db, this.prefix + prefix);
  }

  async increment(key: string): Promise<IncrementResponse> {
    const { rows } = await this.db.raw<{ rows: { hits: number; reset_at: Date }[] }>(
      `INSERT INTO rate_limits (key, hits, reset_at) VALUES (?, 1, now() + ? * interval '1 millisecond')
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN rate_limits.reset_at <= now() THEN 1 ELSE rate_limits.hits + 1 END,
         reset_at = CASE WHEN rate_limits.reset_at <= now() THEN EXCLUDED.reset_at ELSE rate_limits.reset_at END
       RETURNING hits, reset_at`,
      [this.prefix + key, this.windowMs],
    );
    const row = rows[0]!;
    return { totalHits: row.hits, resetTime: new Date(row.reset_at) };
  }

  async decrement(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.prefix + key })
      .decrement('hits', 1);
  }

  async resetKey(key: string): Promise<void> {
    await this.db('rate_limits')
      .where({ key: this.prefix + key })
      .del();
  }
}
