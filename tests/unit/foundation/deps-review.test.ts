import { isPermissive, reviewLock } from '../../../scripts/deps-review';

describe('deps:review', () => {
  it('lists production packages with version and licence, flags install scripts and unusual licences', () => {
    const lines = reviewLock({
      packages: {
        '': { version: '0.1.0' },
        'node_modules/express': { version: '5.1.0', license: 'MIT' },
        'node_modules/jest': { version: '30.0.0', license: 'MIT', dev: true },
        'node_modules/fsevents': { version: '2.3.3', license: 'MIT', devOptional: true },
        'node_modules/a/node_modules/esbuild': { version: '0.25.0', license: 'MIT', hasInstallScript: true },
        'node_modules/spdx-exceptions': { version: '2.5.0', license: 'CC-BY-3.0' },
        'node_modules/old': { version: '1.0.0', license: { type: 'BSD-3-Clause' } },
        'node_modules/nolicence': { version: '1.0.0' },
      },
    });
    expect(lines).toEqual([
      { name: 'esbuild', version: '0.25.0', licence: 'MIT', installScript: true, unusualLicence: false },
      { name: 'express', version: '5.1.0', licence: 'MIT', installScript: false, unusualLicence: false },
      {
        name: 'nolicence',
        version: '1.0.0',
        licence: 'UNKNOWN (no licence field)',
        installScript: false,
        unusualLicence: true,
      },
      { name: 'old', version: '1.0.0', licence: 'BSD-3-Clause', installScript: false, unusualLicence: false },
      {
        name: 'spdx-exceptions',
        version: '2.5.0',
        licence: 'CC-BY-3.0',
        installScript: false,
        unusualLicence: true,
      },
    ]);
  });

  it('takes a missing licence from the installed package where the lock has none', () => {
    const lock = {
      packages: { 'node_modules/busboy': { version: '1.6.0' }, 'node_modules/x': { version: '1.0.0' } },
    };
    const lines = reviewLock(lock, (key) => (key === 'node_modules/busboy' ? 'MIT' : undefined));
    expect(lines.map((l) => [l.name, l.licence, l.unusualLicence])).toEqual([
      ['busboy', 'MIT', false],
      ['x', 'UNKNOWN (no licence field)', true],
    ]);
  });

  it('reads OR and AND licence expressions', () => {
    expect(isPermissive('(MIT OR CC0-1.0)')).toBe(true);
    expect(isPermissive('Apache-2.0 AND MIT')).toBe(true);
    expect(isPermissive('MIT AND CC-BY-4.0')).toBe(false);
    expect(isPermissive('GPL-3.0')).toBe(false);
  });
});
