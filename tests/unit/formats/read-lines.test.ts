import { readLines, type LineEvent } from '../../../server/domain/formats';
import { chunked } from './helpers';

async function lines(input: string | Uint8Array, sizes = [1], maxLineBytes = 64, keepBlankLines = false) {
  const out: LineEvent[] = [];
  for await (const event of readLines(chunked(input, sizes), { maxLineBytes, keepBlankLines }))
    out.push(event);
  return out;
}

describe('readLines', () => {
  it('decodes characters split across chunk boundaries, one byte per chunk', async () => {
    const events = await lines('héllo €\n😀 ok\n', [1]);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: 'héllo €', terminated: true },
      { kind: 'line', line: 2, text: '😀 ok', terminated: true },
    ]);
  });

  it('strips CRLF even when "\\r" and "\\n" arrive in different chunks', async () => {
    const events = await lines('ab\r\ncd\r\n', [3]);
    expect(events.map((e) => (e.kind === 'line' ? e.text : null))).toEqual(['ab', 'cd']);
  });

  it('removes a BOM split over chunks and warns about it on line 1', async () => {
    const events = await lines('\uFEFF{"a":1}\n', [1]);
    expect(events[0]).toEqual({
      kind: 'issue',
      issue: { line: 1, field: null, reason: expect.stringContaining('BOM'), severity: 'warning' },
    });
    expect(events[1]).toEqual({ kind: 'line', line: 1, text: '{"a":1}', terminated: true });
  });

  it('reports invalid UTF-8 with its line number and carries on', async () => {
    const bytes = new Uint8Array([0x61, 0x0a, 0x62, 0xff, 0xfe, 0x0a, 0x63, 0x0a]);
    const events = await lines(bytes, [2]);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: 'a', terminated: true },
      {
        kind: 'issue',
        issue: {
          line: 2,
          field: null,
          reason: expect.stringContaining('not valid UTF-8'),
          severity: 'error',
        },
      },
      { kind: 'line', line: 3, text: 'c', terminated: true },
    ]);
  });

  it('skips a line over the byte limit and resumes at the next newline', async () => {
    const events = await lines(`short\n${'x'.repeat(100)}\nafter\n`, [7], 10);
    expect(events).toEqual([
      { kind: 'line', line: 1, text: 'short', terminated: true },
      {
        kind: 'issue',
        issue: {
          line: 2,
          field: null,
          reason: expect.stringContaining('longer than 10 bytes'),
          severity: 'error',
        },
      },
      { kind: 'line', line: 3, text: 'after', terminated: true },
    ]);
  });

  it('marks a last line without newline as unterminated', async () => {
    const events = await lines('a\nb');
    expect(events[1]).toEqual({ kind: 'line', line: 2, text: 'b', terminated: false });
  });

  it('skips blank lines with a warning unless asked to keep them', async () => {
    expect(await lines('a\n  \nb\n')).toEqual([
      { kind: 'line', line: 1, text: 'a', terminated: true },
      { kind: 'issue', issue: { line: 2, field: null, reason: 'empty line skipped', severity: 'warning' } },
      { kind: 'line', line: 3, text: 'b', terminated: true },
    ]);
    const kept = await lines('a\n\nb\n', [2], 64, true);
    expect(kept.map((e) => e.kind)).toEqual(['line', 'line', 'line']);
  });
});
