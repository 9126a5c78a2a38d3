import { headerDelimiter } from '../../../server/domain/formats/csv-records';
import { inspectJson, mayNestDeeperThan } from '../../../server/domain/formats/inspect-json';
import { bounded, parseError } from '../../../server/domain/formats/issues';
import { findLoneSurrogate } from '../../../server/domain/formats/lone-surrogates';
import { recordEvents } from '../../../server/domain/formats/record-text';
import { parseText } from './helpers';

describe('inspectJson', () => {
  it('names the top-level field under which nesting goes too deep', () => {
    expect(inspectJson(`{"q": "x", "deep": ${'['.repeat(5)}${']'.repeat(5)}}`, 4)).toMatchObject({
      tooDeepAt: 'deep',
    });
    expect(inspectJson('[[[]]]', 2).tooDeepAt).toBe('');
    expect(inspectJson('{"a": "[[[[[[", "b": [[1]]}', 3).tooDeepAt).toBeNull();
  });

  it('finds a key written twice, at the top or inside a field, and ignores keys in strings', () => {
    expect(inspectJson('{"a": 1, "b": 2, "a": 3}').duplicateKey).toEqual({ key: 'a', field: 'a' });
    expect(inspectJson('{"q": {"x": 1, "x": 2}}').duplicateKey).toEqual({ key: 'x', field: 'q' });
    expect(inspectJson('{"a": "\\"a\\": 1", "b": [{"a": 1}, {"a": 2}]}').duplicateKey).toBeNull();
  });

  it('has a cheap bound that never misses deep nesting', () => {
    expect(mayNestDeeperThan('{"a": [1, 2]}', 2)).toBe(false);
    expect(mayNestDeeperThan('[[[', 2)).toBe(true);
  });
});

describe('recordEvents', () => {
  it('warns of a duplicate key before the record, and keeps the last value as JSON does', () => {
    const [warning, record] = recordEvents('{"q": "a", "q": "b"}', 1, 7);
    expect(warning).toEqual({ kind: 'issue', issue: expect.objectContaining({ line: 7, field: 'q' }) });
    expect(record).toMatchObject({ kind: 'record', value: { q: 'b' } });
    expect(recordEvents('{"q": "a \\"q\\": ", "r": ["q"]}', 1, 1)).toHaveLength(1);
  });

  it('refuses a lone surrogate escape, naming its path, and accepts a surrogate pair', () => {
    const [event] = recordEvents('{"q": "ok", "choices": ["a", "\\udc00"]}', 1, 3);
    expect(event).toMatchObject({
      kind: 'issue',
      issue: { line: 3, field: 'choices[1]', severity: 'error' },
    });
    expect(findLoneSurrogate({ q: '😀' }, '{"q": "\\ud83d\\ude00"}')).toBeNull();
  });
});

describe('issue bounds', () => {
  it('cuts long field names and reasons, saying how long they were', () => {
    const issue = parseError(1, 'f'.repeat(10_000), 'r'.repeat(10_000));
    expect(issue.field).toMatch(/^f{120}… \(10000 characters\)$/);
    expect(issue.reason.length).toBeLessThan(700);
    expect(bounded('😀😀', 3)).toBe('😀… (4 characters)');
  });
});

describe('CSV separators', () => {
  it('takes the separator the header uses most, outside quotes', () => {
    expect(headerDelimiter('a,b;c,d')).toBe(',');
    expect(headerDelimiter('a;b;"c,d,e"')).toBe(';');
    expect(headerDelimiter('a\tb\tc')).toBe('\t');
  });

  it('reads a semicolon-separated file with a warning that says so', async () => {
    const text = 'question;answer_matching_behavior;answer_not_matching_behavior\nQ? (A) x (B) y; (A); (B)\n';
    const { examples, warnings } = await parseText(text, { fileType: 'csv' });
    expect(warnings[0]?.reason).toMatch(/separated by semicolons/);
    expect(examples).toHaveLength(1);
  });
});
