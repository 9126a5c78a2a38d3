import fs from 'node:fs';
import path from 'node:path';

/**
 * `npm run deps:review`: what the app ships and runs, read from package-lock.json alone (works offline, where
 * `npm audit` cannot reach its advisory endpoint). Lists every production dependency with its version and licence,
 * and flags packages that run install scripts (npm 11 blocks those here until approved) and licences outside the
 * permissive set, which a reviewer should read. Exits 0: it informs a review, it does not decide one.
 */
export interface LockPackage {
  version?: string;
  license?: string | { type?: string };
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  hasInstallScript?: boolean;
}

export interface DependencyLine {
  name: string;
  version: string;
  licence: string;
  installScript: boolean;
  unusualLicence: boolean;
}

const PERMISSIVE = new Set([
  'MIT',
  'ISC',
  'Apache-2.0',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'BlueOak-1.0.0',
]);

/** A licence expression is permissive when each alternative of an OR (or each part of an AND) is. */
export function isPermissive(licence: string): boolean {
  const tokens = licence.replace(/[()]/g, ' ').split(' ').filter(Boolean);
  const parts = tokens.filter((t) => t !== 'OR' && t !== 'AND');
  return tokens.includes('OR') ? parts.some((p) => PERMISSIVE.has(p)) : parts.every((p) => PERMISSIVE.has(p));
}

/** The production dependencies of a v2/v3 lockfile (dev-only packages left out), sorted by name. */
export function reviewLock(
  lock: { packages?: Record<string, LockPackage> },
  /** A licence for a lock entry without one (main reads the installed package.json's `license` or `licenses`). */
  installedLicence: (key: string) => string | undefined = () => undefined,
): DependencyLine[] {
  const out: DependencyLine[] = [];
  for (const [key, pkg] of Object.entries(lock.packages ?? {})) {
    if (key === '' || pkg.dev || pkg.devOptional) continue;
    const name = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const licence =
      (typeof pkg.license === 'string' ? pkg.license : pkg.license?.type) ??
      installedLicence(key) ??
      'UNKNOWN (no licence field)';
    out.push({
      name,
      version: pkg.version ?? '?',
      licence,
      installScript: pkg.hasInstallScript === true,
      unusualLicence: !isPermissive(licence),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

function main(): void {
  const lockFile = path.join(process.cwd(), 'package-lock.json');
  const installed = (key: string): string | undefined => {
    try {
      const meta = JSON.parse(fs.readFileSync(path.join(process.cwd(), key, 'package.json'), 'utf8')) as {
        license?: string | { type?: string };
        licenses?: { type?: string }[];
      };
      const l = typeof meta.license === 'string' ? meta.license : meta.license?.type;
      return (
        l ??
        meta.licenses
          ?.map((x) => x.type)
          .filter(Boolean)
          .join(' OR ')
      );
    } catch {
      return undefined;
    }
  };
  const lines = reviewLock(
    JSON.parse(fs.readFileSync(lockFile, 'utf8')) as { packages?: Record<string, LockPackage> },
    installed,
  );
  const width = Math.max(...lines.map((l) => l.name.length));
  for (const l of lines) {
    const flags = [l.installScript ? 'INSTALL SCRIPT' : '', l.unusualLicence ? 'READ LICENCE' : ''].filter(
      Boolean,
    );
    console.log(
      `${l.name.padEnd(width)}  ${l.version.padEnd(10)}  ${l.licence}${flags.length ? `  <- ${flags.join(', ')}` : ''}`,
    );
  }
  const scripts = lines.filter((l) => l.installScript).length;
  const unusual = lines.filter((l) => l.unusualLicence).length;
  console.log(
    `${lines.length} production packages; ${scripts} with install scripts; ${unusual} licences to read`,
  );
}

if (require.main === module) main();
