import { jsonNestsDeeperThan } from '../../../server/domain/formats/json-depth';

describe('jsonNestsDeeperThan', () => {
  it('counts arrays and objects, and stops past the limit', () => {
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 4)).toBe(false);
    expect(jsonNestsDeeperThan('{"a":[{"b":[1]}]}', 3)).toBe(true);
    expect(jsonNestsDeeperThan('[]'.repeat(1000), 1)).toBe(false);
    expect(jsonNestsDeeperThan('['.repeat(500_000), 64)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestsDeeperThan(JSON.stringify({ s: '[[[[{{{{' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify({ s: '\\"[[[[' }), 1)).toBe(false);
    expect(jsonNestsDeeperThan(JSON.stringify(['"', [['x']]]), 2)).toBe(true);
  });

  it('reads UTF-8 bytes the same as text', () => {
    const text = JSON.stringify({ é: ['😀', ['[']] });
    const bytes = new TextEncoder().encode(text);
    for (const max of [1, 2, 3]) expect(jsonNestsDeeperThan(bytes, max)).toBe(jsonNestsDeeperThan(text, max));
    expect(jsonNestsDeeperThan(bytes, 2)).toBe(true);
    expect(jsonNestsDeeperThan(bytes, 3)).toBe(false);
  });
});
