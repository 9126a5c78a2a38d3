import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * Turns rows into CSV text chunks through csv-stringify's stream, honouring backpressure, so an export of any
 * size holds a few chunks in memory. Comment lines (`# ...`) state the report's settings before the header and
 * anything known only at the end (the judgment hash of a streamed export) after the last row; readers skip them
 * (pandas: `comment='#'`, csv-parse: `comment: '#'`).
 */
export async function* csvChunks<T extends object>(
  rows: AsyncIterable<T> | Iterable<T>,
  columns: readonly (keyof T & string)[],
  preamble: () => string[],
  trailer: () => string[] = () => [],
): AsyncGenerator<string> {
  yield comments(preamble());
  const stringifier = stringify({ header: true, columns: [...columns], cast: { boolean: (b) => String(b) } });
  const feed = (async () => {
    try {
      for await (const row of rows) {
        if (stringifier.destroyed) return; // the reader went away (client disconnected)
        if (!stringifier.write(row)) await drained(stringifier);
      }
      stringifier.end();
    } catch (err) {
      stringifier.destroy(err as Error);
    }
  })();
  for await (const chunk of stringifier) yield String(chunk);
  await feed;
  yield comments(trailer());
}

// Resolves on 'drain' or 'close', removing both listeners (events.once would leave one behind per wait).
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function comments(lines: string[]): string {
  return lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}\n`).join('');
}
