import { formatIssuePath, formatIssues, issuesByField } from '../../../server/domain/studies/format-issues';

describe('format-issues', () => {
  test('paths read like code: names with dots, indexes in brackets', () => {
    expect(formatIssuePath(['questions', 2, 'max'])).toBe('questions[2].max');
    expect(formatIssuePath([])).toBe('');
  });

  test('a root issue has no path prefix', () => {
    expect(formatIssues([{ code: 'custom', path: [], message: 'bad', input: 1 }])).toEqual(['bad']);
  });

  test('issuesByField keeps the first message per field and never trips on prototype names', () => {
    const issues = [
      { code: 'custom' as const, path: ['constructor'], message: 'first', input: 1 },
      { code: 'custom' as const, path: ['constructor'], message: 'second', input: 1 },
      { code: 'custom' as const, path: [], message: 'whole form', input: 1 },
    ];
    expect(issuesByField(issues)).toEqual({ constructor: 'first', _form: 'whole form' });
  });
});
