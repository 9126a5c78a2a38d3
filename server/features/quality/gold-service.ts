import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import type { Study } from '../studies/types';
import {
  describeExpected,
  isCheckDue,
  isCorrect,
  qualificationState,
  type QualificationState,
} from '../../domain/quality/gold';
import { ValidationError } from '../../errors';
import * as gold from './gold-repo';

/**
 * Gold items in use: serving them (as qualification first, then mixed in at the study's rates), scoring the
 * answers, deciding qualification, and blocking a worker automatically when their accuracy on checks falls
 * below the study's threshold. Answers go to gold_serves, never to judgments.
 */
export interface GoldOutcome {
  kind: 'accepted' | 'duplicate';
  correct: boolean;
  feedback: string | null;
}

export function createGoldService(deps: { db: Knex }) {
  const { db } = deps;
  const serve = (study: Study, worker: User, filter: gold.ServeFilter) =>
    gold.serveRandomItem(db, {
      studyId: study.id,
      workerId: worker.id,
      reservationMinutes: study.reservationMinutes,
      filter,
    });

  return {
    /** Where the worker stands on the study's qualification; records the outcome once decided. */
    async qualification(study: Study, worker: User): Promise<QualificationState> {
      const need = study.quality.qualificationCount;
      if (need <= 0) return 'not-required';
      const member = await gold.findQualification(db, study.id, worker.id);
      if (member?.qualified_at) return 'passed';
      if (member?.screened_out_at) return 'failed';
      const { answered, correct } = await gold.countAnswered(db, study.id, worker.id, 'qualification');
      const more = await gold.hasUnansweredQualification(db, study.id, worker.id);
      const state = qualificationState(need, answered, correct, study.quality.qualificationMinAccuracy, more);
      if (state === 'passed' || state === 'failed')
        await gold.recordQualification(db, study.id, worker.id, state);
      return state;
    },

    /** The worker's unanswered, unexpired gold item, if any. */
    async liveServe(study: Study, workerId: number, itemId?: number): Promise<number | undefined> {
      return gold.findLiveServe(db, study.id, workerId, itemId);
    },

    serveQualification: (study: Study, worker: User) => serve(study, worker, { purpose: 'qualification' }),

    /** A check item when one is due at the study's rates (gold and honeypots first, then attention checks). */
    async serveCheckIfDue(study: Study, worker: User, realDone: number): Promise<number | undefined> {
      const { answered } = await gold.countAnswered(db, study.id, worker.id, 'check');
      const n = realDone + answered;
      if (isCheckDue(n, study.quality.goldRate)) {
        const id = await serve(study, worker, { purpose: 'check', kinds: ['gold', 'honeypot'] });
        if (id) return id;
      }
      if (isCheckDue(n, study.quality.attentionRate)) {
        return serve(study, worker, { purpose: 'check', kinds: ['attention'] });
      }
      return undefined;
    },

    async findItem(study: Study, id: number) {
      return gold.findItem(db, study.id, id);
    },

    /** Scores and stores the answer once; qualification items return feedback, checks never do. */
    async submit(
      study: Study,
      worker: User,
      itemId: number,
      answers: Record<string, unknown>,
    ): Promise<GoldOutcome> {
      const item = await gold.findItem(db, study.id, itemId);
      if (!item) throw new ValidationError('That item is not assigned to you');
      const correct = isCorrect(item.expected, answers);
      if (!(await gold.recordAnswer(db, itemId, worker.id, answers, correct))) {
        const existing = await gold.findServe(db, itemId, worker.id);
        if (!existing) throw new ValidationError('That item is not assigned to you');
        return { kind: 'duplicate', correct: Boolean(existing.correct), feedback: null };
      }
      const feedback =
        item.purpose === 'qualification'
          ? correct
            ? 'Correct — well done.'
            : `Not quite: the expected answer was ${describeExpected(item.expected)}.`
          : null;
      return { kind: 'accepted', correct, feedback };
    },

    /** Accuracy on checks (gold, honeypots, attention) per worker, for the workers page and automatic blocking. */
    async checkAccuracy(study: Study): Promise<Map<number, { answered: number; correct: number }>> {
      const rows = await gold.countAnsweredPerWorker(db, study.id);
      return new Map(rows.map((r) => [Number(r.worker_id), { answered: r.answered, correct: r.correct }]));
    },

    /** Whether the worker's check accuracy is below the study's automatic-block threshold (with enough items). */
    async belowAutoBlock(
      study: Study,
      workerId: number,
    ): Promise<{ below: boolean; accuracy: number; answered: number }> {
      const min = study.quality.autoBlockMinAccuracy;
      const { answered, correct } = await gold.countAnswered(db, study.id, workerId, 'check');
      const accuracy = answered ? correct / answered : 1;
      return {
        below: min !== null && answered >= study.quality.autoBlockMinItems && accuracy < min,
        accuracy,
        answered,
      };
    },
  };
}

export type GoldService = ReturnType<typeof createGoldService>;
