/**
 * Building and rationing issues. A broken file can produce an issue per line; callers want the
 * first few of each kind and honest totals, not a million-row report.
 */
import type { ParseIssue } from './types';

const MAX_FIELD_CHARS = 120;
const MAX_REASON_CHARS = 600;

// Field names and reasons are cut to a readable length: a file of 100 KB field names must not make the error
// body (up to 50 issues of each kind) grow to megabytes.
export function parseError(line: number, field: string | null, reason: string): ParseIssue {
  return {
    line,
    field: bounded(field, MAX_FIELD_CHARS),
    reason: bounded(reason, MAX_REASON_CHARS),
    severity: 'error',
  };
}

export function parseWarning(line: number, field: string | null, reason: string): ParseIssue {
  return {
    line,
    field: bounded(field, MAX_FIELD_CHARS),
    reason: bounded(reason, MAX_REASON_CHARS),
    severity: 'warning',
  };
}

/** The text cut to `max` characters (whole code points), marked with "…" and the length it had. */
export function bounded<T extends string | null>(text: T, max: number): T {
  if (text === null || text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // do not split a surrogate pair
  return `${text.slice(0, end)}… (${text.length} characters)` as T;
}

/** Counts every issue and lets through at most `max` errors and `max` warnings. */
export class IssueBudget {
  errors = 0;
  warnings = 0;
  readonly omitted = { errors: 0, warnings: 0 };

  constructor(private readonly max: number) {}

  // Why separate caps: a flood of duplicate warnings must not hide the first real error.
  admit(issue: ParseIssue): boolean {
    if (issue.severity === 'error') {
      this.errors += 1;
      if (this.errors <= this.max) return true;
      this.omitted.errors += 1;
      return false;
    }
    this.warnings += 1;
    if (this.warnings <= this.max) return true;
    this.omitted.warnings += 1;
    return false;
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
