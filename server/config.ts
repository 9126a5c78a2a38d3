import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * Configuration is read from the environment once, here, against a schema; everything else receives the
 * parsed object. A bad value stops start-up with a message naming the variable.
 */
const boolish = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  SESSION_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY: z.string().default('false'),
  SECURE_COOKIES: boolish.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  UPLOAD_LIMIT_MB: z.coerce.number().positive().default(200),
  UPLOAD_STAGING_DIR: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  SEED_DEMO: boolish.optional(),
  PUBLIC_URL: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//i.test(u), 'must start with http:// or https://')
    .optional(),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  sessionSecret: string;
  trustProxy: boolean | number | string;
  secureCookies: boolean;
  logLevel: string;
  uploadLimitBytes: number;
  /** Where the upload page keeps a file between Preview and Import; every process serving the app must share it. */
  uploadStagingDir: string;
  dbPoolMax: number;
  seedDemo: boolean;
  /** The origin (scheme://host[:port]) every absolute link uses; when set, other Host headers are refused. */
  publicUrl: string | undefined;
}

export class ConfigError extends Error {}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value; // a subnet list such as "loopback, 10.0.0.0/8"
}

/** Parses an environment (process.env by default) into a Config, or throws ConfigError with every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const missing: string[] = [];
  if (e.NODE_ENV === 'production' && !e.SESSION_SECRET)
    missing.push('SESSION_SECRET is required when NODE_ENV=production (at least 16 characters).');
  // Outside production links may follow the request's Host; in production that would let a forged Host
  // header choose where the study entry links point.
  if (e.NODE_ENV === 'production' && !e.PUBLIC_URL)
    missing.push(
      'PUBLIC_URL is required when NODE_ENV=production: the address people reach evalvet at, e.g. https://evalvet.example.org.',
    );
  if (missing.length) throw new ConfigError(missing.join('\n'));
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    // Outside production a fixed development secret keeps sessions across restarts; it is never used in production.
    sessionSecret: e.SESSION_SECRET ?? 'evalvet-development-secret-not-for-production',
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    secureCookies: e.SECURE_COOKIES ?? e.NODE_ENV === 'production',
    logLevel: e.LOG_LEVEL,
    uploadLimitBytes: Math.round(e.UPLOAD_LIMIT_MB * 1024 * 1024),
    uploadStagingDir: path.resolve(e.UPLOAD_STAGING_DIR ?? defaultUploadStagingDir()),
    dbPoolMax: e.DB_POOL_MAX,
    seedDemo: e.SEED_DEMO ?? e.NODE_ENV === 'development',
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
  };
}

/**
 * Where uploads are kept between Preview and Import when UPLOAD_STAGING_DIR is not set: a folder of this
 * user's own in the temporary directory (created 0700), so that two users of one machine (a developer and CI, say)
 * never share one, or find it owned by the other.
 */
export function defaultUploadStagingDir(): string {
  const user = process.getuid?.() ?? os.userInfo().username;
  return path.join(os.tmpdir(), `evalvet-kept-uploads-${user}`);
}
