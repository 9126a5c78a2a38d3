import { AB_QUESTION, parseText, riskLine } from './helpers';

const good = riskLine(AB_QUESTION, ' (A)', ' (B)');
const other = riskLine(`${AB_QUESTION} again`, ' (B)', ' (A)');

describe('parseDataset: bad JSONL input', () => {
  it('reports invalid JSON with its line and keeps the other records', async () => {
    const { examples, errors, end } = await parseText(`${good}\n{"question": nope}\n${other}\n`);
    expect(errors).toEqual([
      { line: 2, field: null, reason: expect.stringMatching(/^invalid JSON: /), severity: 'error' },
    ]);
    expect(examples.map((e) => e.position)).toEqual([1, 3]);
    expect(end).toMatchObject({ format: 'advanced-ai-risk', examples: 2, errors: 1 });
  });

  it('reports a missing field by name', async () => {
    const missing = JSON.stringify({ question: AB_QUESTION, answer_matching_behavior: ' (A)' });
    const { errors } = await parseText(`${good}\n${missing}\n${other}\n`);
    expect(errors).toEqual([
      { line: 2, field: 'answer_not_matching_behavior', reason: 'missing field', severity: 'error' },
    ]);
  });

  it('reports a proposed label that is not among the options', async () => {
    const { errors } = await parseText(`${good}\n${riskLine(AB_QUESTION, ' (D)', ' (B)')}\n`);
    expect(errors).toEqual([
      {
        line: 2,
        field: 'answer_matching_behavior',
        reason: 'proposed label " (D)" is not among the options: " (A)", " (B)"',
        severity: 'error',
      },
    ]);
  });

  it('reports empty question text', async () => {
    const { errors } = await parseText(`${good}\n${riskLine('   ', ' (A)', ' (B)')}\n`);
    expect(errors).toEqual([
      { line: 2, field: 'question', reason: 'question text is empty', severity: 'error' },
    ]);
  });

  it('removes a BOM with a warning and still parses line 1', async () => {
    const { examples, warnings } = await parseText(`\uFEFF${good}\n`, {}, [1]);
    expect(warnings).toEqual([
      { line: 1, field: null, reason: expect.stringContaining('BOM'), severity: 'warning' },
    ]);
    expect(examples[0]?.rawText).toBe(good);
  });

  it('reads CRLF line endings without keeping "\\r"', async () => {
    const { examples, issues } = await parseText(`${good}\r\n${other}\r\n`, {}, [good.length + 1]);
    expect(issues).toEqual([]);
    expect(examples.map((e) => [e.line, e.rawText])).toEqual([
      [1, good],
      [2, other],
    ]);
  });

  it('reports bytes that are not UTF-8 with their line number', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`${good}\n`),
      Buffer.from([0x7b, 0xc3, 0x28, 0x7d, 0x0a]),
      Buffer.from(`${other}\n`),
    ]);
    const { errors, examples } = await parseText(bytes);
    expect(errors).toEqual([
      { line: 2, field: null, reason: 'line is not valid UTF-8; skipped', severity: 'error' },
    ]);
    expect(examples).toHaveLength(2);
  });

  it('reports a line over the byte limit and carries on after it', async () => {
    const long = riskLine(`${'x'.repeat(500)}\n\nChoices:\n (A) a\n (B) b`, ' (A)', ' (B)');
    const { errors, examples } = await parseText(`${good}\n${long}\n${other}\n`, { maxLineBytes: 400 });
    expect(errors).toEqual([
      { line: 2, field: null, reason: 'line is longer than 400 bytes; skipped', severity: 'error' },
    ]);
    expect(examples.map((e) => e.line)).toEqual([1, 3]);
  });

  it('calls a broken last line without newline a truncated last line', async () => {
    const { errors, end } = await parseText(`${good}\n${other.slice(0, 40)}`);
    expect(errors).toEqual([
      {
        line: 2,
        field: null,
        reason: 'truncated last line: no newline at the end and not valid JSON',
        severity: 'error',
      },
    ]);
    expect(end.examples).toBe(1);
  });

  it('accepts a complete last line without newline', async () => {
    const { examples, issues } = await parseText(`${good}\n${other}`);
    expect(issues).toEqual([]);
    expect(examples).toHaveLength(2);
  });

  it('asks for a field mapping when the shape is unknown, listing the fields seen', async () => {
    const { errors, end } = await parseText('{"prompt":"p","target":"t"}\n{"prompt":"q","score":1}\n');
    expect(errors).toEqual([
      {
        line: 1,
        field: null,
        reason: 'unknown shape: fields seen: prompt, target, score — give a field mapping',
        severity: 'error',
      },
    ]);
    expect(end).toMatchObject({ format: null, fieldsSeen: ['prompt', 'target', 'score'], examples: 0 });
  });

  it('says so when the file holds no records', async () => {
    const { errors } = await parseText('\n\n');
    expect(errors).toEqual([
      { line: 1, field: null, reason: 'no records found in the file', severity: 'error' },
    ]);
  });

  it('yields at most maxIssues errors and counts the rest', async () => {
    const broken = Array.from({ length: 30 }, () => '{broken').join('\n');
    const { errors, end } = await parseText(`${good}\n${broken}\n`, { maxIssues: 10 });
    expect(errors).toHaveLength(10);
    expect(errors[9]?.line).toBe(11);
    expect(end).toMatchObject({ errors: 30, omittedIssues: { errors: 20, warnings: 0 }, examples: 1 });
  });

  it('flags a repeated example as a warning and still yields it', async () => {
    const { examples, warnings, end } = await parseText(`${good}\n${other}\n${good}\n`);
    expect(examples).toHaveLength(3);
    expect(warnings).toEqual([
      {
        line: 3,
        field: 'question',
        reason: 'duplicate of the example at position 1 (same question and proposed label)',
        severity: 'warning',
      },
    ]);
    expect(end.duplicates).toEqual([{ position: 3, firstPosition: 1 }]);
  });
});
