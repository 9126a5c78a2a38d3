/**
 * Which database the tests run on: the real server when TEST_DATABASE_URL (or DATABASE_URL) is set, otherwise
 * embedded PGlite. Set TEST_DB=pglite to force the embedded one even when a URL is set.
 */
export function testServerUrl(): string | undefined {
  if (process.env.TEST_DB === 'pglite') return undefined;
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
