import fc from 'fast-check';
import { decodeCursor, encodeCursor, pageOf } from '../../../server/features/api/paging';
import { ValidationError } from '../../../server/errors';

describe('cursor paging', () => {
  it('visits every item exactly once, in id order, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 10_000 })),
        fc.integer({ min: 1, max: 7 }),
        (ids, limit) => {
          const items = ids.map((id) => ({ id }));
          const seen: number[] = [];
          let cursor: string | undefined;
          for (let guard = 0; guard <= ids.length + 1; guard += 1) {
            const page = pageOf(items, { cursor, limit }, (x) => x.id);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((x) => x.id));
            if (!page.nextCursor) break;
            cursor = page.nextCursor;
          }
          expect(seen).toEqual([...ids].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('gives no next cursor on the last page, even when it is exactly full', () => {
    const page = pageOf([{ id: 1 }, { id: 2 }], { limit: 2 }, (x) => x.id);
    expect(page.nextCursor).toBeNull();
  });

  it('round-trips its cursors and refuses anything else as a validation error', () => {
    expect(decodeCursor(encodeCursor(42))).toBe(42);
    expect(decodeCursor(undefined)).toBe(0);
    expect(() => decodeCursor('bm9wZQ')).toThrow(ValidationError);
  });
});
