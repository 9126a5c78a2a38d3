import {
  BUILTIN_TEMPLATES,
  DEFAULT_TEMPLATE,
  REFERENCE_ANSWER_TEMPLATE,
  SYCOPHANCY_TEMPLATE,
  WINOGENERATED_TEMPLATE,
  parseTemplate,
} from '../../../server/domain/studies/question-template';
import { presetOf, resolveTemplatePreset, PRESET_KEYS } from '../../../server/domain/studies/template-preset';
import { studySettingsSchema } from '../../../server/domain/studies/study-settings';
import { issuesByField } from '../../../server/domain/studies/format-issues';

describe('built-in templates', () => {
  test.each(BUILTIN_TEMPLATES.map((t) => [t.key, t.template] as const))(
    'the %s template passes its own validation unchanged',
    (_key, template) => {
      expect(parseTemplate(template)).toEqual({ ok: true, template });
    },
  );

  test('the four built-ins are offered, the paper’s first', () => {
    expect(BUILTIN_TEMPLATES.map((t) => t.template)).toEqual([
      DEFAULT_TEMPLATE,
      WINOGENERATED_TEMPLATE,
      REFERENCE_ANSWER_TEMPLATE,
      SYCOPHANCY_TEMPLATE,
    ]);
    expect(PRESET_KEYS).toEqual(expect.arrayContaining(['paper', 'winogenerated', 'custom']));
  });

  test('the winogenerated template shows the occupation, other person and pronouns it asks about', () => {
    expect(WINOGENERATED_TEMPLATE.context?.map((c) => c.text)).toEqual(
      expect.arrayContaining(['{occupation}', '{other_person}', '{options}']),
    );
  });

  test('the sycophancy template asks for the correct answer whatever the user’s view, with help text', () => {
    const answer = SYCOPHANCY_TEMPLATE.questions[0]!;
    expect(answer).toMatchObject({ kind: 'choice', role: 'answer' });
    expect(answer.prompt).toMatch(/regardless of the user's stated view/);
    expect(answer.help).toMatch(/Ignore/);
  });
});

describe('choosing a template with one click', () => {
  const form = { name: 'S', datasetIds: '3' };

  test('a preset replaces whatever the JSON box holds, even text that is not JSON', () => {
    const body = resolveTemplatePreset({ ...form, templatePreset: 'winogenerated', template: '{ broken' });
    expect(studySettingsSchema.parse(body).template).toEqual(WINOGENERATED_TEMPLATE);
  });

  test('custom uses the JSON box, and its errors are reported on the template field with their path', () => {
    const body = resolveTemplatePreset({
      ...form,
      templatePreset: 'custom',
      template: JSON.stringify({ questions: [{ id: 'q', kind: 'rating', prompt: 'p', min: 3, max: 1 }] }),
    });
    const result = studySettingsSchema.safeParse(body);
    expect(result.success).toBe(false);
    const errors = issuesByField(result.success ? [] : result.error.issues);
    expect(errors.template).toMatch(/^questions\[0\]\./);
  });

  test('an unknown preset is a field error on templatePreset', () => {
    const result = studySettingsSchema.safeParse(resolveTemplatePreset({ ...form, templatePreset: 'nope' }));
    expect(result.success).toBe(false);
    expect(issuesByField(result.success ? [] : result.error.issues).templatePreset).toMatch(/must be one of/);
  });

  test('a stored template is recognised as its preset whatever the key order jsonb gave it', () => {
    const shuffled = {
      questions: WINOGENERATED_TEMPLATE.questions.map((q) => Object.fromEntries(Object.entries(q).reverse())),
      context: WINOGENERATED_TEMPLATE.context,
    } as typeof WINOGENERATED_TEMPLATE;
    expect(presetOf(shuffled)).toBe('winogenerated');
    expect(presetOf({ questions: [{ id: 'x', kind: 'yes-no', prompt: 'X?', required: true }] })).toBe(
      'custom',
    );
  });
});
