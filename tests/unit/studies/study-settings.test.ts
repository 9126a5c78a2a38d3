import { issuesByField } from '../../../server/domain/studies/format-issues';
import { DEFAULT_TEMPLATE, WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';
import { studySettingsSchema } from '../../../server/domain/studies/study-settings';
import { defaultReservationMinutes } from '../../../server/domain/studies/time-estimate';

const minimal = { name: 'Persona check', datasetIds: '3' };

function fieldErrors(form: Record<string, unknown>): Record<string, string> {
  const result = studySettingsSchema.safeParse(form);
  if (result.success) throw new Error('expected the form to be rejected');
  return issuesByField(result.error.issues);
}

describe('studySettingsSchema', () => {
  test('a minimal form takes the paper’s defaults', () => {
    expect(studySettingsSchema.parse(minimal)).toEqual({
      name: 'Persona check',
      datasetIds: [3],
      examplesPerDataset: 100,
      k: 3,
      overlap: 'fixed',
      reservationMinutes: 10,
      order: 'random',
      instructions: '',
      template: DEFAULT_TEMPLATE,
      goldRatePercent: 0,
      attentionRatePercent: 0,
      qualificationCount: 0,
      qualificationMinPercent: 80,
      autoBlockMinItems: 5,
      autoBlockExclude: true,
    });
  });

  test('adaptive overlap takes a maximum above k and an agreement count (k when blank)', () => {
    expect(studySettingsSchema.parse({ ...minimal, k: '2', overlap: 'adaptive', kMax: '3' })).toMatchObject({
      k: 2,
      overlap: 'adaptive',
      kMax: 3,
      agree: 2,
    });
    expect(fieldErrors({ ...minimal, k: '3', overlap: 'adaptive' })).toEqual({
      kMax: 'is required for adaptive overlap',
    });
    expect(fieldErrors({ ...minimal, k: '3', overlap: 'adaptive', kMax: '3' })).toEqual({
      kMax: 'must be more than k (3)',
    });
    expect(fieldErrors({ ...minimal, k: '2', overlap: 'adaptive', kMax: '4', agree: '5' })).toEqual({
      agree: 'must be at most the maximum (4)',
    });
    // Fixed overlap ignores the adaptive fields.
    expect(studySettingsSchema.parse({ ...minimal, kMax: '9', agree: '2' })).not.toHaveProperty('kMax');
  });

  test('blank text boxes count as not given', () => {
    const blanks = {
      examplesPerDataset: '',
      k: '',
      reservationMinutes: '',
      perWorkerLimit: '',
      order: '',
      completionCode: '',
      completionUrl: '',
      consentText: '',
      template: ' ',
    };
    expect(studySettingsSchema.parse({ ...minimal, ...blanks })).toMatchObject({
      examplesPerDataset: 100,
      k: 3,
      reservationMinutes: 10,
      order: 'random',
      template: DEFAULT_TEMPLATE,
    });
  });

  test('a blank reservation time takes the default that fits the template', () => {
    const winogenerated = { ...minimal, template: JSON.stringify(WINOGENERATED_TEMPLATE) };
    expect(studySettingsSchema.parse(winogenerated).reservationMinutes).toBe(
      defaultReservationMinutes(WINOGENERATED_TEMPLATE),
    );
    expect(studySettingsSchema.parse({ ...winogenerated, reservationMinutes: '25' }).reservationMinutes).toBe(
      25,
    );
  });

  test('form strings are coerced to numbers, "all" and booleans', () => {
    const form = {
      ...minimal,
      datasetIds: ['4', '2', '4'],
      examplesPerDataset: 'all',
      k: '5',
      reservationMinutes: '30',
      perWorkerLimit: '50',
      order: 'finish-started',
    };
    expect(studySettingsSchema.parse(form)).toMatchObject({
      datasetIds: [4, 2],
      examplesPerDataset: 'all',
      k: 5,
      reservationMinutes: 30,
      perWorkerLimit: 50,
      order: 'finish-started',
    });
  });

  test.each([
    [['false', 'on'], true],
    [['false'], false],
    ['on', true],
    [undefined, true],
  ])('checkbox with hidden fallback: autoBlockExclude %j → %p', (value, expected) => {
    expect(studySettingsSchema.parse({ ...minimal, autoBlockExclude: value }).autoBlockExclude).toBe(
      expected,
    );
  });

  test('the template may be JSON text or an object', () => {
    expect(
      studySettingsSchema.parse({ ...minimal, template: JSON.stringify(WINOGENERATED_TEMPLATE) }).template,
    ).toEqual(WINOGENERATED_TEMPLATE);
    expect(studySettingsSchema.parse({ ...minimal, template: WINOGENERATED_TEMPLATE }).template).toEqual(
      WINOGENERATED_TEMPLATE,
    );
  });

  test('out-of-range and malformed values get one message per field', () => {
    const form = {
      name: ' ',
      datasetIds: [],
      examplesPerDataset: '100001',
      k: '21',
      reservationMinutes: '1441',
      perWorkerLimit: '0',
      order: 'fastest',
      completionCode: 'has space',
      completionUrl: 'http://example.com',
      template: '{oops',
    };
    expect(fieldErrors(form)).toEqual({
      name: 'is required',
      datasetIds: 'choose at least one dataset',
      examplesPerDataset: 'must be at most 100000',
      k: 'must be at most 20',
      reservationMinutes: 'must be at most 1440',
      perWorkerLimit: 'must be at least 1',
      order: 'must be random or finish-started',
      completionCode: 'must be 1 to 64 letters, digits, _ or -',
      completionUrl: 'must be an https:// address',
      template: 'is not valid JSON',
    });
  });

  test('a fractional k or a non-numeric dataset id is not a whole number', () => {
    expect(fieldErrors({ ...minimal, k: '2.5', datasetIds: ['x'] })).toEqual({
      k: 'must be a whole number',
      datasetIds: '[0]: must be a whole number',
    });
  });

  test('a name over 200 characters and instructions over 20000 are rejected', () => {
    const errors = fieldErrors({ ...minimal, name: 'n'.repeat(201), instructions: 'i'.repeat(20_001) });
    expect(Object.keys(errors)).toEqual(['name', 'instructions']);
  });

  test('an invalid template reports the nested path', () => {
    const template = {
      questions: [{ id: 'r', kind: 'rating', prompt: 'R', min: 3, max: 1, minLabel: 'a', maxLabel: 'b' }],
    };
    expect(fieldErrors({ ...minimal, template })).toEqual({
      template: 'questions[0].max: must be greater than min',
    });
  });

  test('an https completion URL and codes are kept', () => {
    const form = {
      ...minimal,
      completionUrl: 'https://app.prolific.com/submissions/complete?cc=C1X2',
      completionCode: 'C1X2',
      screenedOutCode: 'NOCONSENT_1',
      consentText: 'I agree.',
    };
    expect(studySettingsSchema.parse(form)).toMatchObject({
      completionUrl: 'https://app.prolific.com/submissions/complete?cc=C1X2',
      completionCode: 'C1X2',
      screenedOutCode: 'NOCONSENT_1',
      consentText: 'I agree.',
    });
  });
});
