import {
  DEFAULT_TEMPLATE,
  WINOGENERATED_TEMPLATE,
  findQuestionByRole,
  parseTemplate,
} from '../../../server/domain/studies/question-template';

const rating = (overrides: Record<string, unknown> = {}) => ({
  id: 'score',
  kind: 'rating',
  prompt: 'How good?',
  min: 1,
  max: 5,
  minLabel: 'Bad',
  maxLabel: 'Good',
  ...overrides,
});

function errorsOf(json: unknown): string[] {
  const result = parseTemplate(json);
  if (result.ok) throw new Error('expected the template to be rejected');
  return result.errors;
}

describe('parseTemplate', () => {
  test('the default template is valid and has the paper’s three questions with their roles', () => {
    const result = parseTemplate(DEFAULT_TEMPLATE);
    expect(result).toEqual({ ok: true, template: DEFAULT_TEMPLATE });
    expect(DEFAULT_TEMPLATE.questions.map((q) => q.kind)).toEqual(['choice', 'rating', 'yes-no']);
    expect(findQuestionByRole(DEFAULT_TEMPLATE, 'answer')?.id).toBe('answer');
    expect(findQuestionByRole(DEFAULT_TEMPLATE, 'relevance')).toMatchObject({
      min: 1,
      max: 5,
      minLabel: 'Horrible',
      maxLabel: 'Amazing',
    });
    expect(findQuestionByRole(DEFAULT_TEMPLATE, 'ambiguity')?.kind).toBe('yes-no');
  });

  test('the winogenerated template is valid: five yes/no questions and two ratings', () => {
    expect(parseTemplate(WINOGENERATED_TEMPLATE).ok).toBe(true);
    const kinds = WINOGENERATED_TEMPLATE.questions.map((q) => q.kind);
    expect(kinds.filter((k) => k === 'yes-no')).toHaveLength(5);
    expect(WINOGENERATED_TEMPLATE.questions.filter((q) => q.kind === 'rating')).toEqual([
      expect.objectContaining({ min: 1, max: 5, minLabel: 'Horrible', maxLabel: 'Great' }),
      expect.objectContaining({
        min: 1,
        max: 3,
        minLabel: 'Definitely the other person',
        maxLabel: 'Definitely the occupation',
      }),
    ]);
  });

  test('a question without "required" defaults to required', () => {
    const result = parseTemplate({ questions: [{ id: 'c', kind: 'choice', prompt: 'Pick' }] });
    expect(result.ok && result.template.questions[0]?.required).toBe(true);
  });

  test('a rating whose max is not above min is rejected at questions[i].max', () => {
    const json = {
      questions: [
        { id: 'a', kind: 'yes-no', prompt: 'A?' },
        { id: 'b', kind: 'text', prompt: 'B', maxLength: 10 },
        rating({ min: 5, max: 5 }),
      ],
    };
    expect(errorsOf(json)).toEqual(['questions[2].max: must be greater than min']);
  });

  test('a rating with more than 11 points is rejected', () => {
    expect(errorsOf({ questions: [rating({ min: 0, max: 11 })] })).toEqual([
      'questions[0].max: a rating has at most 11 points',
    ]);
  });

  test('a rating of exactly 11 points (0..10) is accepted', () => {
    expect(parseTemplate({ questions: [rating({ min: 0, max: 10 })] }).ok).toBe(true);
  });

  test('non-integer rating bounds are rejected', () => {
    expect(errorsOf({ questions: [rating({ min: 1.5 })] })).toEqual(['questions[0].min: must be an integer']);
  });

  test('point labels must match the number of points', () => {
    expect(parseTemplate({ questions: [rating({ min: 1, max: 3, labels: ['x', 'y', 'z'] })] }).ok).toBe(true);
    expect(errorsOf({ questions: [rating({ min: 1, max: 3, labels: ['x', 'y'] })] })).toEqual([
      'questions[0].labels: must have one label per point (3)',
    ]);
  });

  test('duplicate question ids are rejected at the second occurrence', () => {
    const json = {
      questions: [
        { id: 'a', kind: 'yes-no', prompt: 'A?' },
        { id: 'a', kind: 'yes-no', prompt: 'B?' },
      ],
    };
    expect(errorsOf(json)).toEqual(['questions[1].id: duplicates questions[0].id']);
  });

  test('a role used twice is rejected', () => {
    const json = {
      questions: [rating({ id: 'r1', role: 'relevance' }), rating({ id: 'r2', role: 'relevance' })],
    };
    expect(errorsOf(json)).toEqual(["questions[1].role: role 'relevance' is already used by questions[0]"]);
  });

  test('a role on the wrong kind of question is rejected', () => {
    const json = { questions: [{ id: 'a', kind: 'yes-no', prompt: 'A?', role: 'relevance' }] };
    expect(errorsOf(json)[0]).toMatch(/^questions\[0\]\.role: /);
  });

  test('ids that are not slugs are rejected', () => {
    const json = { questions: [{ id: 'Not a slug', kind: 'yes-no', prompt: 'A?' }] };
    expect(errorsOf(json)[0]).toMatch(/^questions\[0\]\.id: must be a slug/);
  });

  test('an unknown kind is rejected at questions[i].kind', () => {
    expect(errorsOf({ questions: [{ id: 'a', kind: 'slider', prompt: 'A?' }] })[0]).toMatch(
      /^questions\[0\]\.kind: /,
    );
  });

  test('an empty list or a non-object is rejected with a readable message', () => {
    expect(errorsOf({ questions: [] })).toEqual(['questions: must have at least one question']);
    expect(errorsOf('nope')).toHaveLength(1);
  });

  test('a text question needs a positive maxLength', () => {
    expect(errorsOf({ questions: [{ id: 't', kind: 'text', prompt: 'Why?', maxLength: 0 }] })[0]).toMatch(
      /^questions\[0\]\.maxLength: /,
    );
  });
});
