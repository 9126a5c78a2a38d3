import path from 'node:path';
import { ConfigError, loadConfig } from '../../../server/config';

describe('loadConfig', () => {
  it('defaults to development on the embedded database in ./.data', () => {
    const c = loadConfig({});
    expect(c.env).toBe('development');
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toBe(path.resolve('.data'));
    expect(c.port).toBe(3000);
    expect(c.uploadLimitBytes).toBe(200 * 1024 * 1024);
    expect(c.secureCookies).toBe(false);
    expect(c.seedDemo).toBe(true);
  });

  it('refuses production without SESSION_SECRET', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET/);
  });

  it('refuses production without PUBLIC_URL, naming it, and reports every missing variable at once', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) })).toThrow(
      /PUBLIC_URL is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /^SESSION_SECRET is required.*\nPUBLIC_URL is required/,
    );
  });

  it('keeps PUBLIC_URL as an origin, and refuses one that is not http(s)', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://Evalvet.Example.org/' }).publicUrl).toBe(
      'https://evalvet.example.org',
    );
    expect(loadConfig({}).publicUrl).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: 'ftp://evalvet.example.org' })).toThrow(/PUBLIC_URL/);
  });

  it('uses secure cookies and no demo content in production', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      PUBLIC_URL: 'https://evalvet.example.org',
    });
    expect(c.secureCookies).toBe(true);
    expect(c.seedDemo).toBe(false);
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('parses TRUST_PROXY as boolean, hop count or subnet list', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
  });
});
