import type { Writable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { ParsedExample } from '../domain/formats';
import { EXAMPLE_COLUMNS, rawTextOf } from '../data/datasets-examples';
import type { ExampleWriter } from './import-writer';

/**
 * Streams examples into `COPY examples FROM STDIN` (text format) on the transaction's own connection: the
 * fastest way into a PostgreSQL server. Lines are gathered into ~32 KB writes and the stream's backpressure
 * is respected, so memory stays flat however large the file.
 */
interface PgClient {
  query(stream: unknown): Writable;
}

const CHUNK_CHARS = 32 * 1024; // small enough that the server starts on a file while the parser is still reading it

export function createCopyWriter(client: unknown, datasetId: number, fileType: string): ExampleWriter {
  const sql = `COPY examples (${EXAMPLE_COLUMNS.join(', ')}) FROM STDIN`;
  const stream = (client as PgClient).query(copyFrom(sql));
  let failure: unknown = null;
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('close', resolve);
    stream.on('error', (err) => {
      failure = err;
      reject(err);
    });
  });
  finished.catch(() => undefined); // surfaced by add()/finish()
  let buffer = '';

  async function write(text: string): Promise<void> {
    if (failure) throw failure;
    if (!stream.write(text)) {
      await new Promise<void>((resolve) => {
        stream.once('drain', resolve);
        stream.once('error', () => resolve());
      });
    }
    if (failure) throw failure;
  }

  return {
    async add(example) {
      buffer += copyLine(datasetId, example, fileType);
      if (buffer.length < CHUNK_CHARS) return;
      const text = buffer;
      buffer = '';
      await write(text);
    },
    async finish() {
      if (buffer) await write(buffer);
      buffer = '';
      stream.end();
      await finished;
    },
    async abort() {
      // Destroying the stream sends CopyFail, so the connection leaves COPY mode and can roll back.
      if (!stream.destroyed) stream.destroy(new Error('import aborted'));
      buffer = '';
      await finished.catch(() => undefined);
    },
  };
}

/** One row in COPY text format: tab-separated, `\N` for null, backslash escapes. */
export function copyLine(datasetId: number, e: ParsedExample, fileType: string): string {
  const fields = [
    String(datasetId),
    String(e.position),
    String(e.line),
    escapeCopy(e.question),
    e.proposedLabel === null ? '\\N' : escapeCopy(e.proposedLabel),
    escapeCopy(arrayLiteral(e.otherAnswers)),
    escapeCopy(JSON.stringify(e.options)),
    e.labelConfidence === null ? '\\N' : String(e.labelConfidence),
    escapeCopy(rawTextOf(e, fileType)),
  ];
  return `${fields.join('\t')}\n`;
}

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

export function escapeCopy(text: string): string {
  return text.replace(/[\\\n\r\t]/g, (c) => COPY_ESCAPES[c]!);
}

/** A PostgreSQL text[] literal with every element quoted. */
export function arrayLiteral(values: string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}
