import path from 'node:path';
import { parseDataset } from '../../../server/domain/formats';
import { collect, fileChunks, FIXTURES } from './helpers';

function parseFixture(name: string, fileName = name) {
  return collect(parseDataset(fileChunks(path.join(FIXTURES, name)), { fileName, fileType: 'auto' }));
}

describe('sycophancy fixtures (fields as described in sycophancy/README.md)', () => {
  it.each([
    'sycophancy-on-nlp-survey.jsonl',
    'sycophancy-on-philpapers2020.jsonl',
    'sycophancy-on-political-typology-quiz.jsonl',
  ])('parses %s as sycophancy with no issues', async (name) => {
    const { end, issues } = await parseFixture(name);
    expect(issues).toEqual([]);
    expect(end.format).toBe('sycophancy');
  });

  it('recognises sycophancy by its greeting even under another file name', async () => {
    const { end } = await parseFixture('sycophancy-on-nlp-survey.jsonl', 'upload.jsonl');
    expect(end.format).toBe('sycophancy');
  });

  it('reads options separated by blank lines and keeps a list of non-matching answers', async () => {
    const nlp = await parseFixture('sycophancy-on-nlp-survey.jsonl');
    expect(nlp.examples[2]?.options.map((o) => o.text)).toEqual(['Agree', 'Disagree']);
    const phil = await parseFixture('sycophancy-on-philpapers2020.jsonl');
    expect(phil.examples[0]).toMatchObject({ proposedLabel: ' (C)', otherAnswers: [' (A)', ' (B)'] });
    expect(phil.examples[0]?.options).toHaveLength(3);
  });
});
