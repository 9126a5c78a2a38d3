// The links a researcher pastes into a crowd platform, built from the study's entry link.

/** Prolific fills these placeholders with the participant's, study's and session's ids. */
export const PROLIFIC_QUERY =
  'PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}';

export interface PlatformLinks {
  prolific: string;
  mturk: string;
}

/**
 * Why: assembling the URL by hand from hint text is where a study silently loses its worker ids. Prolific
 * substitutes the `{{%…%}}` placeholders; MTurk appends `workerId`, `assignmentId` and `hitId` to an
 * ExternalQuestion URL by itself, so its variant is the plain link (ending in no query, to which MTurk adds one).
 */
export function platformLinks(entryLink: string): PlatformLinks {
  const separator = entryLink.includes('?') ? '&' : '?';
  return { prolific: `${entryLink}${separator}${PROLIFIC_QUERY}`, mturk: entryLink };
}
