import { AB_QUESTION, parseText, riskLine } from './helpers';

const record = JSON.parse(riskLine(AB_QUESTION, ' (A)', ' (B)')) as Record<string, unknown>;

describe('parseDataset: JSON arrays', () => {
  it('reads a pretty-printed array element by element with start lines', async () => {
    const text = JSON.stringify(
      [record, { ...record, answer_matching_behavior: ' (B)', answer_not_matching_behavior: ' (A)' }],
      null,
      2,
    );
    const { examples, issues, end } = await parseText(text, { fileType: 'auto', fileName: 'data.json' });
    expect(issues).toEqual([]);
    expect(end).toMatchObject({ fileType: 'json', format: 'advanced-ai-risk', examples: 2 });
    expect(examples.map((e) => [e.position, e.line])).toEqual([
      [1, 2],
      [2, 7],
    ]);
    expect(JSON.parse(examples[0]?.rawText ?? '')).toEqual(record);
  });

  it('is chosen by the first character when the name says nothing', async () => {
    const { end } = await parseText(`  [${JSON.stringify(record)}]`, {
      fileType: 'auto',
      fileName: 'upload',
    });
    expect(end).toMatchObject({ fileType: 'json', examples: 1 });
  });

  it('reports a broken element at its line and keeps the others', async () => {
    const text = `[\n${JSON.stringify(record)},\n{"question": oops},\n${JSON.stringify(record)}\n]`;
    const { errors, examples } = await parseText(text, { fileType: 'json' });
    expect(errors).toEqual([
      { line: 3, field: null, reason: expect.stringMatching(/^invalid JSON: /), severity: 'error' },
    ]);
    expect(examples.map((e) => e.position)).toEqual([1, 3]);
  });

  it('reports an array that never closes', async () => {
    const { errors } = await parseText(`[\n${JSON.stringify(record)},\n${JSON.stringify(record)}`, {
      fileType: 'json',
    });
    expect(errors).toEqual([
      { line: 3, field: null, reason: 'truncated JSON array: the closing "]" is missing', severity: 'error' },
    ]);
  });

  it('keeps brackets and commas inside strings intact', async () => {
    const tricky = { ...record, question: `${AB_QUESTION} [x], {y} "q"` };
    const { examples } = await parseText(JSON.stringify([tricky]), { fileType: 'json' });
    expect(examples[0]?.question).toBe(tricky.question);
  });
});

describe('parseDataset: CSV', () => {
  const csv = [
    'question,answer_matching_behavior,answer_not_matching_behavior',
    `"${AB_QUESTION.replace(/"/g, '""')}", (A), (B)`,
    `"Plain?\n\nChoices:\n (A) x\n (B) y", (B), (A)`,
  ].join('\r\n');

  it('reads a header row, multi-line quoted cells, and the starting line of each row', async () => {
    const { examples, issues, end } = await parseText(
      `${csv}\r\n`,
      { fileType: 'auto', fileName: 'risk.csv' },
      [5],
    );
    expect(issues).toEqual([]);
    expect(end).toMatchObject({ fileType: 'csv', format: 'advanced-ai-risk', examples: 2 });
    expect(examples.map((e) => [e.position, e.line, e.proposedLabel])).toEqual([
      [1, 2, ' (A)'],
      [2, 9, ' (B)'],
    ]);
    expect(examples[0]?.question).toBe(AB_QUESTION);
  });

  it('applies a mapping whose label column holds a JSON list, taking its first element', async () => {
    const text = [
      'prompt,labels,wrong,conf',
      `"${AB_QUESTION}","["" (B)"", "" (A)""]", (A),0.75`,
      `"${AB_QUESTION}",not-a-label, (A),0.5`,
    ].join('\n');
    const mapping = {
      question: 'prompt',
      proposedLabel: 'labels',
      otherAnswers: 'wrong',
      labelConfidence: 'conf',
    };
    const { examples, errors, end } = await parseText(text, { fileType: 'csv', mapping });
    expect(end.format).toBe('mapped');
    expect(examples[0]).toMatchObject({
      proposedLabel: ' (B)',
      otherAnswers: [' (A)'],
      labelConfidence: 0.75,
    });
    expect(errors).toEqual([
      {
        line: 9, // the first data row spans lines 2-8
        field: 'labels',
        reason: 'proposed label "not-a-label" is not among the options: " (A)", " (B)"',
        severity: 'error',
      },
    ]);
  });

  it('reports an unclosed quote as invalid CSV with a line number', async () => {
    const { errors, examples } = await parseText(`${csv}\n"unclosed, (A), (B)\n`, { fileType: 'csv' });
    expect(examples).toHaveLength(2);
    expect(errors).toEqual([
      {
        line: expect.any(Number),
        field: null,
        reason: expect.stringMatching(/^invalid CSV: /),
        severity: 'error',
      },
    ]);
  });
});
