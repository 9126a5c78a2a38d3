import { buildQuestionStats, type ReportExample } from '../../../server/domain/reports';
import type { QuestionStats } from '../../../server/domain/reports';
import { parseTemplate, WINOGENERATED_TEMPLATE } from '../../../server/domain/studies/question-template';

const template = (() => {
  const parsed = parseTemplate({
    questions: [
      { id: 'check', kind: 'yes-no', prompt: 'Pass?' },
      { id: 'scale', kind: 'rating', prompt: 'How?', min: 1, max: 3, minLabel: 'Low', maxLabel: 'High' },
      { id: 'pick', kind: 'choice', prompt: 'Which?' },
      { id: 'note', kind: 'text', prompt: 'Why?', required: false, maxLength: 100 },
    ],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return parsed.template;
})();

let nextId = 1;
/** An example whose judgments carry the given answers (one object per judgment). */
function example(answers: Record<string, unknown>[]): ReportExample {
  const exampleId = nextId++;
  return {
    exampleId,
    datasetId: 1,
    position: exampleId,
    proposed: null,
    options: [' Yes', ' No'],
    confidence: null,
    k: 3,
    judgments: answers.map((a, i) => ({
      id: exampleId * 10 + i,
      workerId: i + 1,
      answer: null,
      relevance: null,
      ambiguous: null,
      comment: null,
      answers: a,
    })),
  };
}

function of<K extends QuestionStats['kind']>(stats: QuestionStats[], id: string, kind: K) {
  const found = stats.find((s) => s.id === id);
  if (!found || found.kind !== kind) throw new Error(`no ${kind} question ${id}`);
  return found as Extract<QuestionStats, { kind: K }>;
}

// Three examples: yes/no answers YYN, YYY, NNY; ratings [1, 2], [3, 3], [2]; choices [Yes, Yes], [No, Yes].
const examples = [
  example([
    { check: true, scale: 1, pick: ' Yes', note: 'unclear pronoun' },
    { check: true, scale: 2, pick: 'Yes' },
    { check: false },
  ]),
  example([
    { check: true, scale: 3, pick: ' No' },
    { check: true, scale: 3, pick: ' Yes', note: '  ' },
    { check: true },
  ]),
  example([{ check: false, scale: 2 }, { check: false }, { check: true }]),
];

describe('buildQuestionStats, against hand-computed cases', () => {
  const stats = buildQuestionStats(template, examples);

  test('one entry per template question, in order, and none for a question it does not have', () => {
    expect(stats.map((s) => s.id)).toEqual(['check', 'scale', 'pick', 'note']);
    expect(buildQuestionStats(WINOGENERATED_TEMPLATE, examples).map((s) => s.kind)).toEqual([
      'yes-no',
      'yes-no',
      'yes-no',
      'yes-no',
      'yes-no',
      'rating',
      'rating',
    ]);
  });

  test('yes/no: 6 of 9 answers yes; 2 of 3 examples a majority said yes to, Wilson [0.208, 0.939]', () => {
    const check = of(stats, 'check', 'yes-no');
    expect(check).toMatchObject({ answered: 9, examples: 3, yes: 6 });
    expect(check.yesShare.value).toBeCloseTo(6 / 9, 10);
    expect(check.majorityYes.value).toBeCloseTo(2 / 3, 10);
    // Wilson (z = 1.96) for 2 of 3: centre 0.5731, half-width 0.3654.
    expect(check.majorityYes.value !== null && check.majorityYes.low).toBeCloseTo(0.2077, 3);
    expect(check.majorityYes.value !== null && check.majorityYes.high).toBeCloseTo(0.9385, 3);
  });

  test('yes/no: nominal alpha 1/9 (coincidences o11 = 4, o00 = 1, o01 = o10 = 2; n = 9)', () => {
    expect(of(stats, 'check', 'yes-no').alphaNominal.value).toBeCloseTo(1 / 9, 10);
  });

  test('scale: distribution 1/2/2 of 5, mean 2.2 with cluster t-interval, SD 0.837', () => {
    const scale = of(stats, 'scale', 'rating');
    expect(scale.distribution.categories.map((c) => [c.category, c.count])).toEqual([
      [1, 1],
      [2, 2],
      [3, 2],
    ]);
    expect(scale.distribution.n).toBe(5);
    expect(scale.mean.value).toBeCloseTo(2.2, 10);
    // Ratio variance 3/2 · (1.4² + 1.6² + 0.2²) / 5² = 0.2736; se 0.5231; t(0.975, 2) = 4.3027.
    expect(scale.mean.value !== null && scale.mean.low).toBeCloseTo(2.2 - 4.3027 * Math.sqrt(0.2736), 3);
    expect(scale.mean.value !== null && scale.mean.high).toBeCloseTo(2.2 + 4.3027 * Math.sqrt(0.2736), 3);
    expect(scale.sd.value).toBeCloseTo(Math.sqrt(0.7), 10);
  });

  test('scale: ordinal alpha 5/6 (pairable 1–2 and 3–3; the single rating is unpairable)', () => {
    // Marginals n1 = 1, n2 = 1, n3 = 2; δ12 = 1, δ13 = 6.25, δ23 = 2.25; D_o = 2, D_e = 36; α = 1 − 3·2/36.
    expect(of(stats, 'scale', 'rating').alphaOrdinal.value).toBeCloseTo(5 / 6, 10);
  });

  test('choice: answers counted with keys trimmed, most chosen first, nominal alpha 0', () => {
    const pick = of(stats, 'pick', 'choice');
    expect(pick.answers.map((a) => [a.answer, a.count])).toEqual([
      ['Yes', 3],
      ['No', 1],
    ]);
    expect(pick.alphaNominal.value).toBeCloseTo(0, 10);
  });

  test('free text: every non-blank answer listed with its example', () => {
    const note = of(stats, 'note', 'text');
    expect(note.texts).toEqual([
      { exampleId: examples[0]!.exampleId, position: examples[0]!.position, text: 'unclear pronoun' },
    ]);
    expect(note.answered).toBe(2);
  });

  test('no answers at all: every statistic is undefined with a reason, never NaN', () => {
    const empty = buildQuestionStats(template, [example([{}, {}])]);
    const check = of(empty, 'check', 'yes-no');
    expect(check.yesShare.value).toBeNull();
    expect(check.majorityYes.value).toBeNull();
    expect(of(empty, 'scale', 'rating').mean.value).toBeNull();
    expect(of(empty, 'scale', 'rating').alphaOrdinal.value).toBeNull();
  });

  test('hand-built judgments without stored answers count as unanswered', () => {
    const bare = example([{}]);
    delete bare.judgments[0]!.answers;
    expect(of(buildQuestionStats(template, [bare]), 'check', 'yes-no').answered).toBe(0);
  });
});
