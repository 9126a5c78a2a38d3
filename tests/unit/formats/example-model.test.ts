import { detectFormat, exampleModelOf } from '../../../server/domain/formats';
import { parseText } from './helpers';
import { letters } from '../../../server/domain/formats/model/example-model';
import { FAMILIES } from '../../../server/domain/formats/model/families';
import { modelFromRecord } from '../../../server/domain/formats/model/normalise-spec';
import { readPath } from '../../../server/domain/formats/model/paths';
import { resolveAnswers } from '../../../server/domain/formats/model/resolve-answers';

const spec = (format: string, record: Record<string, unknown>) =>
  FAMILIES.find((f) => f.format === format)!.spec(record);

describe('readPath', () => {
  it('reads dotted, indexed and mapped paths', () => {
    const record = { question: { stem: 'S', choices: [{ text: 'a' }, { text: 'b' }] } };
    expect(readPath(record, 'question.stem')).toBe('S');
    expect(readPath(record, 'question.choices[1].text')).toBe('b');
    expect(readPath(record, 'question.choices[].text')).toEqual(['a', 'b']);
    expect(readPath(record, 'question.missing.deeper')).toBeUndefined();
  });
});

describe('resolveAnswers', () => {
  const options = ['Paris', 'London', 'Rome'];
  it.each([
    [1, [1]],
    ['B', [1]],
    [' (B)', [1]],
    ['(C)', [2]],
    ['Rome', [2]],
    [
      ['A', 'Rome'],
      [0, 2],
    ],
    ['Paris; Rome', [0, 2]],
  ])('reads %j as %j', (answer, indexes) => {
    expect(resolveAnswers(answer, options, '; ')).toEqual({ indexes });
  });

  it('says which answer is none of the options', () => {
    expect(resolveAnswers(7, options)).toEqual({ reason: 'answer 7 is none of the 3 options' });
  });

  it('reads letters as option texts when the options are letters themselves', () => {
    expect(resolveAnswers('A', ['B', 'A'])).toEqual({ indexes: [1] });
  });

  it('spells indexes past Z as two letters', () => {
    expect([letters(0), letters(25), letters(26), letters(27)]).toEqual(['A', 'Z', 'AA', 'AB']);
  });
});

describe('the example model', () => {
  it('keeps several correct answers, the context, the id and every other field as metadata', () => {
    const record = {
      id: 'm1',
      question: 'Primary colours?',
      options: 'red; green; blue',
      answers: 'red; blue',
      extra: 5,
    };
    const result = modelFromRecord(record, spec('csv-choices', record), 4);
    expect(result).toEqual({
      model: {
        id: 'm1',
        input: 'Primary colours?',
        context: null,
        options: ['red', 'green', 'blue'],
        answers: [0, 2],
        references: [],
        labelConfidence: null,
        metadata: { extra: 5 },
      },
    });
  });

  it('keeps a conversation as turns and open-ended references', () => {
    const record = { input: [{ role: 'user', content: 'Hi?' }], ideal: ['hello', 'hi'] };
    const result = modelFromRecord(record, spec('openai-evals', record), 1);
    expect(result).toMatchObject({
      model: { input: [{ role: 'user', content: 'Hi?' }], references: ['hello', 'hi'] },
    });
  });

  it('names the field of a bad answer with its line', () => {
    const record = { context: 'c', question: 'q', ans0: 'a', ans1: 'b', label: 5 };
    expect(modelFromRecord(record, spec('bbq', record), 9)).toEqual({
      issues: [{ line: 9, field: 'label', reason: 'answer 5 is none of the 2 options', severity: 'error' }],
    });
  });
});

describe('detection with a stated confidence', () => {
  it('states the share of sampled records that carry the family fields', () => {
    const good = { input: 'q', choices: ['a', 'b'], target: 'A' };
    expect(detectFormat([good, good, good, { other: 1 }])).toEqual({
      format: 'inspect',
      confidence: 0.75,
      evidence: '3 of 4 sampled records have input, target, choices?, id?, metadata?',
    });
  });

  it('recognises nothing when fewer than half the records match', () => {
    expect(detectFormat([{ input: 'q', target: 'A' }, { a: 1 }, { b: 2 }])).toMatchObject({ format: null });
  });
});

describe('pre-release records with several correct answers', () => {
  it('offers every correct answer as an option and keeps them all in the model', async () => {
    const record = { prompt: 'Is it good?', corrects: [' Yes', ' Maybe'], incorrects: [' No'] };
    const { examples, errors } = await parseText(JSON.stringify([record]), { fileType: 'json' });
    expect(errors).toEqual([]);
    expect(examples[0]).toMatchObject({ proposedLabel: ' Yes', otherAnswers: [' No'] });
    expect(examples[0]!.options.map((o) => o.key)).toEqual([' Yes', ' No', ' Maybe']);
    expect(exampleModelOf(record, 'anthropic-prerelease', null)).toMatchObject({
      options: ['Yes', 'No', 'Maybe'],
      answers: [0, 2],
    });
  });
});
