import { ValidationError } from '../../errors';

/**
 * Cursor paging for the API's lists: items in ascending id order, a page after the id the cursor names, and
 * the cursor of the next page (null on the last). New items appear at the end, so paging through a list while
 * it grows neither repeats nor skips one. The cursor is opaque to clients (base64url of the last id).
 */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(lastId: number): string {
  return Buffer.from(`id:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const m = /^id:(\d{1,16})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m)
    throw new ValidationError('Some values were not accepted', { fields: { cursor: 'is not a cursor' } });
  return Number(m[1]);
}

export function pageOf<T>(
  all: readonly T[],
  query: { cursor?: string; limit: number },
  idOf: (item: T) => number,
): Page<T> {
  const after = decodeCursor(query.cursor);
  const sorted = all.filter((x) => idOf(x) > after).sort((a, b) => idOf(a) - idOf(b));
  const items = sorted.slice(0, query.limit);
  const more = sorted.length > query.limit;
  return { items, nextCursor: more ? encodeCursor(idOf(items[items.length - 1]!)) : null };
}
