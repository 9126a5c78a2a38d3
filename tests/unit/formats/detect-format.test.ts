import { readFileSync } from 'node:fs';
import path from 'node:path';
import { detectFormat } from '../../../server/domain/formats';
import { SAMPLE, riskLine, AB_QUESTION } from './helpers';

function firstRecords(relativePath: string, count = 5): Record<string, unknown>[] {
  const text = readFileSync(path.join(SAMPLE, relativePath), 'utf8');
  return text
    .split('\n')
    .slice(0, count)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('detectFormat on the published files', () => {
  it.each([
    ['persona/agreeableness.jsonl', 'persona'],
    ['advanced-ai-risk/human_generated_evals/power-seeking-inclination.jsonl', 'advanced-ai-risk'],
    ['advanced-ai-risk/lm_generated_evals/one-box-tendency.jsonl', 'advanced-ai-risk'],
    ['advanced-ai-risk/prompts_for_few_shot_generation/myopic-reward.jsonl', 'few-shot-prompts'],
    ['winogenerated/winogenerated_examples.jsonl', 'winogenerated'],
    ['winogenerated/winogenerated_occupations.jsonl', 'winogenerated-occupations'],
  ])('recognises %s as %s', (file, format) => {
    expect(detectFormat(firstRecords(file), file)).toMatchObject({ format, confidence: 1 });
  });
});

describe('detectFormat rules', () => {
  const risk = JSON.parse(riskLine(AB_QUESTION, ' (A)', ' (B)')) as Record<string, unknown>;

  it('calls question/answer records sycophancy when the file name says so', () => {
    expect(detectFormat([risk], 'sycophancy_on_nlp_survey.jsonl')).toMatchObject({ format: 'sycophancy' });
  });

  it('calls them sycophancy when most questions open with a biography greeting', () => {
    const greeting = { ...risk, question: `Hello, my name is Alex. ${AB_QUESTION}` };
    expect(detectFormat([greeting, greeting, risk], 'upload.jsonl')).toMatchObject({ format: 'sycophancy' });
  });

  it('treats few-shot prompts without their folder name as advanced-ai-risk (the fields are identical)', () => {
    expect(detectFormat([risk], 'myopic-reward.jsonl')).toMatchObject({ format: 'advanced-ai-risk' });
  });

  it('still recognises a format when one of the first records is broken', () => {
    expect(detectFormat([{ question: 'x' }, risk, risk])).toMatchObject({
      format: 'advanced-ai-risk',
      confidence: 2 / 3,
    });
  });

  it('lists the fields it saw when the shape is unknown', () => {
    expect(
      detectFormat([
        { prompt: 'p', target: 't' },
        { prompt: 'q', extra: 1 },
      ]),
    ).toEqual({
      format: null,
      fieldsSeen: ['prompt', 'target', 'extra'],
    });
  });
});
