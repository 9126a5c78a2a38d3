import type { Knex } from 'knex';
import { z } from 'zod';
import type { User } from '../accounts/types';
import type { Study } from '../studies/types';
import { computeWorkerStats, type WorkerStats } from '../../domain/quality/worker-stats';
import { wilsonInterval, type Stat } from '../../domain/stats';
import { ConflictError, NotFoundError } from '../../errors';
import * as repo from './repo';

/**
 * Worker quality control for a study: per-worker statistics, and blocking. A block stops new tasks at once;
 * with exclusion, the worker's judgments stop counting and their slots return to the pool (so those examples
 * are judged again by others). Undoing restores the judgments whose slots are still free — never more than k.
 */
export const BlockForm = z.object({
  reason: z.string().trim().min(1, 'Give a reason').max(1000),
  exclude: z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean()),
});

export interface WorkerRow extends WorkerStats {
  checkAccuracy: Stat;
  email: string | null;
  externalSource: string | null;
  externalId: string | null;
  block: { id: number; reason: string; excluded: boolean; at: Date } | null;
}

export function createWorkerQualityService(deps: { db: Knex }) {
  const { db } = deps;
  return {
    /** Statistics for every worker who judged in the study (excluded judgments included, so a bad worker stays visible). */
    async workerTable(study: Study): Promise<WorkerRow[]> {
      const rows = await repo.listJudgmentsForStats(db, study.id);
      const stats = computeWorkerStats(
        rows.map((r) => ({
          workerId: Number(r.worker_id),
          exampleId: Number(r.example_id),
          answer: r.answer ?? null,
          proposed: r.proposed_label ?? null,
          seconds: r.seconds_spent === null ? null : Number(r.seconds_spent),
        })),
      );
      const ids = stats.map((s) => s.workerId);
      const users = ids.length ? await repo.listWorkerContacts(db, ids) : [];
      const checks = await repo.countChecksPerWorker(db, study.id);
      const blocks = ids.length ? await repo.listActiveBlocks(db, study.id, ids) : [];
      return stats.map((s) => {
        const u = users.find((x) => Number(x.id) === s.workerId);
        const b = blocks.find((x) => Number(x.worker_id) === s.workerId);
        const c = checks.find((x) => Number(x.worker_id) === s.workerId);
        return {
          ...s,
          checkAccuracy: wilsonInterval(Number(c?.correct ?? 0), Number(c?.answered ?? 0)),
          email: u?.email ?? null,
          externalSource: u?.external_source ?? null,
          externalId: u?.external_id ?? null,
          block: b
            ? {
                id: Number(b.id),
                reason: String(b.reason),
                excluded: Boolean(b.exclude_judgments),
                at: b.created_at,
              }
            : null,
        };
      });
    },

    /** One worker in one study: their statistics row, every judgment with the others' answers, checks, blocks. */
    async workerDetail(study: Study, workerId: number) {
      const row = (await this.workerTable(study)).find((w) => w.workerId === workerId);
      const user = await repo.findWorkerContact(db, workerId);
      if (!user) throw new NotFoundError('No such worker');
      const judgments = await repo.listWorkerJudgments(db, study.id, workerId);
      const checks = await repo.listWorkerChecks(db, study.id, workerId);
      const blocks = await repo.listWorkerBlocks(db, study.id, workerId);
      const joined = await repo.findStudyWorker(db, study.id, workerId);
      if (!row && !joined && checks.length === 0)
        throw new NotFoundError('That worker has not taken part in this study');
      return { user, stats: row ?? null, judgments, checks, blocks, joined: joined ?? null };
    },

    async listBlocks(study: Study) {
      return repo.listBlocks(db, study.id);
    },

    /** Blocks a worker in a study; optionally excludes their judgments and frees those slots. */
    async blockWorker(
      actor: User,
      study: Study,
      workerId: number,
      form: z.infer<typeof BlockForm>,
    ): Promise<number> {
      return db.transaction(async (trx) => {
        if (!(await repo.hasTakenPart(trx, study.id, workerId)))
          throw new NotFoundError('That worker has not taken part in this study');
        const excluded = form.exclude ? await repo.excludeJudgments(trx, study.id, workerId) : 0;
        await repo.releaseReservations(trx, study.id, workerId);
        return repo
          .insertBlock(trx, {
            studyId: study.id,
            workerId,
            blockedBy: actor.id,
            reason: form.reason,
            excludeJudgments: form.exclude,
            excludedCount: excluded,
          })
          .catch((err: { code?: string }) => {
            if (err.code === '23505') throw new ConflictError('That worker is already blocked in this study');
            throw err;
          });
      });
    },

    /** Undoes a block; excluded judgments come back where their task still has a free slot. */
    async undoBlock(
      actor: User,
      study: Study,
      blockId: number,
    ): Promise<{ restored: number; notRestored: number }> {
      return db.transaction(async (trx) => {
        const block = await repo.lockActiveBlock(trx, study.id, blockId);
        if (!block) throw new NotFoundError('No such active block');
        let restored = 0;
        let notRestored = 0;
        if (block.exclude_judgments) {
          for (const j of await repo.listExcludedJudgments(trx, study.id, block.worker_id)) {
            if (await repo.restoreJudgment(trx, j)) restored += 1;
            else notRestored += 1;
          }
        }
        await repo.markBlockUndone(trx, blockId, actor.id, restored);
        return { restored, notRestored };
      });
    },
  };
}

export type WorkerQualityService = ReturnType<typeof createWorkerQualityService>;
