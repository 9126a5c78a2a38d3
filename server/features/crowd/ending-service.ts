import type { Knex } from 'knex';
import type { Study } from '../studies/types';
import type { User } from '../accounts/types';
import { endingFor, type Ending, type EndingCause } from '../../domain/crowd/ending';
import { defaultPartialCode, perWorkerCode } from '../../domain/crowd/codes';
import { returnInstruction, type Platform } from '../../domain/crowd/platform-ids';
import * as crowd from './repo';

/** What a worker is shown when their participation ends: the ending, its code (if any), what to do next. */
export interface EndingView {
  status: Ending;
  cause: EndingCause;
  done: number;
  code: string | null;
  /** The platform's instruction when there is no code to give (return the study). */
  instruction: string | null;
}

/** The code for an ending: per worker (an HMAC of the platform id) or the study's own codes. */
export function codeFor(study: Study, worker: User, status: Ending): string | null {
  if (status === 'no-work') return null;
  if (study.crowd.perWorkerCodes)
    return perWorkerCode(study.codeSecret, status, worker.externalId ?? `worker-${worker.id}`);
  if (status === 'complete') return study.completionCode;
  // A partial code is offered wherever the study gives codes at all (a crowd study), distinct by default.
  if (study.crowd.partialCode) return study.crowd.partialCode;
  return study.completionCode ? defaultPartialCode(study.codeSecret) : null;
}

export function createEndingService(db: Knex) {
  return {
    /** Decides the ending, records which code was shown (for completions.csv), and returns what to show. */
    async end(study: Study, worker: User, cause: EndingCause, done: number): Promise<EndingView> {
      const status = endingFor(cause, done, study.perWorkerLimit);
      const code = codeFor(study, worker, status);
      await crowd.recordEnding(db, { studyId: study.id, workerId: worker.id, status, code, judgments: done });
      const source = (worker.externalSource ?? undefined) as Platform | undefined;
      return {
        status,
        cause,
        done,
        code,
        instruction: status === 'no-work' ? returnInstruction(source) : null,
      };
    },

    /** A screened-out worker's ending, recorded like the others. */
    async screenedOut(study: Study, worker: User, done: number): Promise<void> {
      await crowd.recordEnding(db, {
        studyId: study.id,
        workerId: worker.id,
        status: 'screened-out',
        code: study.screenedOutCode,
        judgments: done,
      });
    },

    completionRows: (studyId: number) => crowd.completionRows(db, studyId),
  };
}

export type EndingService = ReturnType<typeof createEndingService>;
