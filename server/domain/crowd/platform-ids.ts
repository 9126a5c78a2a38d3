/**
 * Crowd platforms' worker ids, checked by platform: an id of the wrong shape never becomes an identity.
 * - Prolific: participant, study and session ids are 24 hexadecimal characters (MongoDB object ids).
 * - MTurk: worker ids are upper-case letters and digits starting with "A" (e.g. A1B2C3D4E5F6G7); assignment ids
 *   are upper-case letters and digits; a HIT preview sends `ASSIGNMENT_ID_NOT_AVAILABLE` and no worker.
 */
export type Platform = 'prolific' | 'mturk';

export interface CrowdEntryParams {
  source: Platform;
  externalId: string;
  /** Prolific SESSION_ID or MTurk assignmentId, when the link carries one. */
  sessionId: string | null;
  /** The entry link's signature (`sig`), when given. */
  signature: string | null;
}

export type ParsedEntry =
  { kind: 'none' } | { kind: 'invalid'; message: string } | { kind: 'entry'; params: CrowdEntryParams };

const PROLIFIC_ID = /^[0-9a-f]{24}$/i;
const MTURK_WORKER = /^A[A-Z0-9]{7,31}$/;
const MTURK_ASSIGNMENT = /^[A-Z0-9]{8,64}$/;
const SIGNATURE = /^[0-9a-f]{64}$/i;

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  return undefined;
}

/** Reads the platform's query parameters; anything present but malformed is refused, never guessed at. */
export function parseEntryQuery(query: Record<string, unknown>): ParsedEntry {
  const sigRaw = query.sig;
  const signature = sigRaw === undefined ? null : text(sigRaw);
  if (signature !== null && (signature === undefined || !SIGNATURE.test(signature)))
    return { kind: 'invalid', message: 'The signature (sig) in this link is not valid.' };

  if (query.PROLIFIC_PID !== undefined) {
    const pid = text(query.PROLIFIC_PID);
    if (!pid || !PROLIFIC_ID.test(pid))
      return {
        kind: 'invalid',
        message: 'The PROLIFIC_PID in this link is not valid: a Prolific id is 24 hexadecimal characters.',
      };
    const session = query.SESSION_ID === undefined ? null : text(query.SESSION_ID);
    if (session !== null && (!session || !PROLIFIC_ID.test(session)))
      return { kind: 'invalid', message: 'The SESSION_ID in this link is not valid.' };
    const studyId = query.STUDY_ID === undefined ? null : text(query.STUDY_ID);
    if (studyId !== null && (!studyId || !PROLIFIC_ID.test(studyId)))
      return { kind: 'invalid', message: 'The STUDY_ID in this link is not valid.' };
    return {
      kind: 'entry',
      params: {
        source: 'prolific',
        externalId: pid.toLowerCase(),
        sessionId: session?.toLowerCase() ?? null,
        signature,
      },
    };
  }
  if (query.workerId !== undefined) {
    const id = text(query.workerId);
    if (!id || !MTURK_WORKER.test(id))
      return {
        kind: 'invalid',
        message:
          'The workerId in this link is not valid: an MTurk worker id is capital letters and digits starting with A.',
      };
    const assignment = query.assignmentId === undefined ? null : text(query.assignmentId);
    if (assignment === 'ASSIGNMENT_ID_NOT_AVAILABLE')
      return { kind: 'invalid', message: 'Accept the HIT on MTurk first, then open the study.' };
    if (assignment !== null && (!assignment || !MTURK_ASSIGNMENT.test(assignment)))
      return { kind: 'invalid', message: 'The assignmentId in this link is not valid.' };
    return { kind: 'entry', params: { source: 'mturk', externalId: id, sessionId: assignment, signature } };
  }
  return { kind: 'none' };
}

/** What the platform tells a worker to do when they should not (or cannot) complete the study. */
export function returnInstruction(source: Platform | undefined): string {
  if (source === 'prolific')
    return 'Please return the study on Prolific (choose "Stop without completing" / "Return"), so that your place goes to someone else. You will not be penalised.';
  if (source === 'mturk') return 'Please return the HIT on MTurk, so that another worker can take it.';
  return 'You can close this page.';
}
