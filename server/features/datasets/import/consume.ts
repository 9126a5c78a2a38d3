import type { ParseEvent, ParseIssue, ParseSummary } from '../../../domain/formats';
import { ValidationError } from '../../../errors';
import type { ExampleWriter } from './writer';
import { NUL_REASON, storableExample } from './sanitise';

/**
 * Drains the parser into the writer and keeps the books: label counts, issues by kind, lines skipped. With
 * the default all-or-nothing policy the first error stops the writing (the rest of the file is still read, so
 * the report lists every problem up to the cap) and the import is refused with a ValidationError whose
 * details are `{ issues, omitted }`.
 */
export interface ImportIssue {
  file?: string;
  line: number;
  field: string | null;
  reason: string;
}

export interface ConsumeOutcome {
  summary: ParseSummary;
  labelCounts: Record<string, number>;
  errors: ImportIssue[];
  warnings: ImportIssue[];
  omittedErrors: number;
  skippedLines: number;
}

export async function consumeParse(
  events: AsyncIterable<ParseEvent>,
  writer: ExampleWriter,
  options: { fileName: string; skipBadLines: boolean },
): Promise<ConsumeOutcome> {
  const labelCounts: Record<string, number> = {};
  const errors: ImportIssue[] = [];
  const warnings: ImportIssue[] = [];
  const errorLines = new Set<number>();
  let writing = true;
  let summary: ParseSummary | null = null;
  try {
    for await (const event of events) {
      if (event.kind === 'example') {
        const { example, nulIn } = storableExample(event.example);
        // Counted after NULs are replaced: the counts are stored as jsonb, which cannot hold U+0000 either.
        const label = example.proposedLabel;
        if (label !== null) labelCounts[label] = (labelCounts[label] ?? 0) + 1;
        if (nulIn !== null)
          warnings.push({ file: options.fileName, line: example.line, field: nulIn, reason: NUL_REASON });
        const pending = writing ? writer.add(example) : undefined;
        if (pending) await pending;
      } else if (event.kind === 'issue') {
        const issue = toImportIssue(event.issue, options.fileName);
        if (event.issue.severity === 'warning') warnings.push(issue);
        else {
          errors.push(issue);
          errorLines.add(issue.line);
          if (writing && !options.skipBadLines) {
            writing = false; // the import will be refused: stop writing, keep reading for the report
            await writer.abort();
          }
        }
      } else summary = event;
    }
  } catch (err) {
    await writer.abort();
    throw err;
  }
  if (!summary) throw new Error('the parser ended without a summary');
  const omittedErrors = summary.omittedIssues.errors;
  assertImportable(summary, errors, omittedErrors, options.skipBadLines, options.fileName);
  if (writing) await writer.finish();
  const skippedLines = errorLines.size + omittedErrors;
  return { summary, labelCounts, errors, warnings, omittedErrors, skippedLines };
}

function assertImportable(
  summary: ParseSummary,
  errors: ImportIssue[],
  omitted: number,
  skipBadLines: boolean,
  file: string,
): void {
  if (summary.format === null) {
    // The first error says why (a ZIP archive, UTF-16, an unknown shape...); the message repeats it.
    const why = errors[0]?.reason ?? "the file's shape was not recognised";
    throw new ValidationError(`${file}: ${why}; nothing was imported`, { issues: errors, omitted });
  }
  if (errors.length > 0 && !skipBadLines) {
    const n = errors.length + omitted;
    throw new ValidationError(
      `${file}: ${n} ${n === 1 ? 'problem' : 'problems'} found; nothing was imported`,
      {
        issues: errors,
        omitted,
      },
    );
  }
  if (summary.examples === 0) {
    throw new ValidationError(`${file}: no usable examples in the file; nothing was imported`, {
      issues: errors,
      omitted,
    });
  }
}

function toImportIssue(issue: ParseIssue, file: string): ImportIssue {
  return { file, line: issue.line, field: issue.field, reason: issue.reason };
}
