/**
 * Building and rationing issues. A broken file can produce an issue per line; callers want the
 * first few of each kind and honest totals, not a million-row report.
 */
import type { ParseIssue } from './types';

export function parseError(line: number, field: string | null, reason: string): ParseIssue {
  return { line, field, reason, severity: 'error' };
}

export function parseWarning(line: number, field: string | null, reason: string): ParseIssue {
  return { line, field, reason, severity: 'warning' };
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
