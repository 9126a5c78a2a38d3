/**
 * Whatever bytes arrive, parseDataset reports issues rather than throwing, always ends with a
 * summary, and yields examples in strictly increasing position.
 */
import fc from 'fast-check';
import { parseDataset, type FileType } from '../../../server/domain/formats';
import { AB_QUESTION, chunked, collect, riskLine } from './helpers';

const fileTypes = fc.constantFrom<FileType | 'auto'>('jsonl', 'json', 'csv', 'auto');
const chunkSizes = fc.array(fc.integer({ min: 1, max: 17 }), { minLength: 1, maxLength: 5 });
const fragments = fc.constantFrom(
  riskLine(AB_QUESTION, ' (A)', ' (B)'),
  riskLine(AB_QUESTION, ' (C)', ' (B)'),
  '{"question":',
  '[',
  ']',
  ',',
  '"',
  '\n',
  '\r\n',
  '\uFEFF',
  'é😀',
  'question,answer_matching_behavior,answer_not_matching_behavior\n',
);
const texts = fc.oneof(
  fc.string({ unit: 'binary' }),
  fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join('')),
);
const inputs = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  texts.map((text) => new TextEncoder().encode(text)),
);

async function check(bytes: Uint8Array, sizes: number[], fileType: FileType | 'auto', withMapping: boolean) {
  const mapping = withMapping
    ? { question: 'question', proposedLabel: 'answer_matching_behavior' }
    : undefined;
  const result = await collect(
    parseDataset(chunked(bytes, sizes), { fileType, mapping, maxLineBytes: 200, maxIssues: 5 }),
  );
  const positions = result.examples.map((e) => e.position);
  for (let i = 1; i < positions.length; i += 1) expect(positions[i]).toBeGreaterThan(positions[i - 1] ?? 0);
  expect(result.end.examples).toBe(result.examples.length);
  expect(result.end.errors).toBeGreaterThanOrEqual(result.errors.length);
}

describe('parseDataset properties', () => {
  it('never throws on arbitrary input and keeps positions strictly increasing', async () => {
    await fc.assert(fc.asyncProperty(inputs, chunkSizes, fileTypes, fc.boolean(), check), { numRuns: 400 });
  });

  it('parses the same text identically whatever the chunk boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(texts, chunkSizes, fileTypes, async (text, sizes, fileType) => {
        const bytes = new TextEncoder().encode(text);
        const whole = await collect(parseDataset(chunked(bytes, [bytes.length || 1]), { fileType }));
        const pieces = await collect(parseDataset(chunked(bytes, sizes), { fileType }));
        expect(pieces).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});
