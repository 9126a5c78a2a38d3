// Turns zod issues into the short "path: message" lines researchers see on forms and in import errors.
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** Why: one readable path syntax (`questions[2].max`) for every schema in this module. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Why: callers show a list of problems, e.g. "questions[2].max: must be greater than min". */
export function formatIssues(issues: readonly Issue[]): string[] {
  return issues.map((issue) => {
    const path = formatIssuePath(issue.path);
    return path === '' ? issue.message : `${path}: ${issue.message}`;
  });
}

/**
 * Why: a form re-renders with one message beside each field, keyed by the field's top-level name;
 * the first issue of a field wins and the rest of its path is kept in the message.
 */
export function issuesByField(issues: readonly Issue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const [head, ...rest] = issue.path;
    const field = head === undefined ? '_form' : String(head);
    if (Object.hasOwn(errors, field)) continue;
    const subPath = formatIssuePath(rest);
    errors[field] = subPath === '' ? issue.message : `${subPath}: ${issue.message}`;
  }
  return errors;
}
