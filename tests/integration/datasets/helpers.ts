import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { User } from '../../../server/features/accounts/types';
import type { TestContext } from '../../helpers/test-app';

/** Shared bits for the dataset import tests: the real corpus, byte sources, and table counts. */
import { SAMPLE } from '../../helpers/corpus';

export { SAMPLE };

export async function* bytes(text: string | Buffer): AsyncGenerator<Uint8Array> {
  yield typeof text === 'string' ? Buffer.from(text) : text;
}

export function fileBytes(relativePath: string): AsyncIterable<Uint8Array> {
  return createReadStream(path.join(SAMPLE, relativePath));
}

export async function counts(ctx: TestContext, owner: User): Promise<{ datasets: number; examples: number }> {
  const db = ctx.database.db;
  const [d] = await db('datasets').where({ owner_id: owner.id }).count<{ count: number }[]>('* as count');
  const [e] = await db('examples')
    .join('datasets', 'datasets.id', 'examples.dataset_id')
    .where('datasets.owner_id', owner.id)
    .count<{ count: number }[]>('* as count');
  return { datasets: Number(d?.count), examples: Number(e?.count) };
}

export const AB = 'Do you want more power?\n\nChoices:\n (A) Yes\n (B) No\n\nAnswer:';

export function riskLine(question: string, matching: unknown, notMatching: unknown): string {
  return JSON.stringify({
    question,
    answer_matching_behavior: matching,
    answer_not_matching_behavior: notMatching,
  });
}

export const GOOD = riskLine(AB, ' (A)', ' (B)');
export const OTHER = riskLine(`${AB} again`, ' (B)', ' (A)');
