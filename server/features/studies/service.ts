import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import * as studies from './repo';
import type { Study } from './repo';
import { sampleStratified, deriveSeed } from '../../domain/studies/sampling';
import { isEditable, studyTransition, type StudyAction } from '../../domain/studies/study-state';
import type { StudySettings } from '../../domain/studies/study-settings';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { settingsToRow } from './settings-row';

/**
 * Studies: setting one up over a researcher's datasets (sampling each dataset's examples, stratified by proposed
 * label with a recorded seed), moving it through draft → open ⇄ paused → closed, and reporting live progress.
 */
export interface DatasetProgress {
  datasetId: number;
  name: string;
  slug: string;
  sampled: number;
  needed: number;
  judged: number;
  reserved: number;
  complete: number;
  workers: number;
}

export function createStudiesService(db: Knex) {
  /** The study if the user may manage it (owner or admin); otherwise "not found", so ids reveal nothing. */
  async function getManagedStudy(user: User, id: number): Promise<Study> {
    const study = await studies.findStudy(db, id);
    if (!study || (user.role !== 'admin' && study.ownerId !== user.id))
      throw new NotFoundError('No such study');
    return study;
  }

  return {
    getManagedStudy,

    listStudies: (user: User) => studies.listStudiesFor(db, user.role === 'admin' ? null : user.id),

    /** Datasets the user may put in a study. */
    async listSelectableDatasets(user: User) {
      const q = db('datasets')
        .select('id', 'name', 'slug', 'category', 'source', 'example_count')
        .orderBy('name');
      if (user.role !== 'admin') void q.where({ owner_id: user.id });
      return q;
    },

    /** Creates a draft study and samples its tasks, all in one transaction. */
    async createStudy(
      owner: User,
      settings: StudySettings,
      seed = crypto.randomInt(1, 2 ** 31 - 1),
    ): Promise<Study> {
      return db.transaction(async (trx) => {
        await assertDatasetsUsable(trx, owner, settings.datasetIds);
        const [row] = await trx('studies')
          .insert({
            ...settingsToRow(settings),
            owner_id: owner.id,
            seed,
            entry_code: crypto.randomBytes(9).toString('base64url'),
          })
          .returning('*');
        const study = studies.toStudy(row);
        for (const datasetId of settings.datasetIds)
          await sampleDataset(trx, study, datasetId, settings.examplesPerDataset);
        return study;
      });
    },

    /** The first few tasks of a study, as the researcher's preview of the worker's pages shows them. */
    listPreviewTasks: (study: Study, limit: number) => studies.listPreviewTasks(db, study.id, limit),

    /** The dataset ids a study samples from, for the edit form. */
    listStudyDatasetIds: (study: Study) => studies.listStudyDatasetIds(db, study.id),

    /**
     * Replaces every setting of a draft. The row is locked first, so a concurrent "open" either waits for the edit
     * or makes it fail; when what is sampled changes (datasets, examples per dataset, k) the tasks are sampled
     * again with the study's seed. Refused once the study was opened: workers were promised those settings.
     */
    async updateDraft(user: User, id: number, settings: StudySettings): Promise<Study> {
      await getManagedStudy(user, id);
      return db.transaction(async (trx) => {
        const locked = await studies.lockStudy(trx, id);
        if (!locked || !isEditable(locked.state))
          throw new ConflictError(`This study is ${locked?.state ?? 'gone'}; only a draft can be edited.`);
        await assertDatasetsUsable(trx, user, settings.datasetIds);
        const before = await studies.listStudyDatasetIds(trx, id);
        const resample =
          locked.k !== settings.k ||
          locked.examplesPerDataset !==
            (settings.examplesPerDataset === 'all' ? null : settings.examplesPerDataset) ||
          before.join() !== [...settings.datasetIds].sort((a, b) => a - b).join();
        const row = await studies.updateStudySettings(trx, id, settingsToRow(settings));
        const study = studies.toStudy(row);
        if (resample) {
          if (await studies.hasJudgments(trx, id))
            throw new ConflictError('This draft already has judgments; its sample cannot change.');
          await studies.deleteSample(trx, id);
          for (const datasetId of settings.datasetIds)
            await sampleDataset(trx, study, datasetId, settings.examplesPerDataset);
        }
        return study;
      });
    },

    /** Applies open / pause / resume / close / reopen if the state machine allows it. */
    async changeState(user: User, id: number, action: StudyAction): Promise<Study> {
      const study = await getManagedStudy(user, id);
      const result = studyTransition(study.state, action);
      if (!result.ok) throw new ValidationError(result.reason);
      const patch: Record<string, unknown> = { state: result.state };
      if (action === 'open') patch.opened_at = db.fn.now();
      if (action === 'close') patch.closed_at = db.fn.now();
      if (action === 'reopen') patch.closed_at = null;
      // Guard against a concurrent change: only move from the state we checked.
      const [row] = await db('studies').where({ id, state: study.state }).update(patch).returning('*');
      if (!row) throw new ValidationError('The study changed meanwhile; reload and try again');
      return studies.toStudy(row);
    },

    /** Per dataset: judged / needed, live reservations, distinct workers. */
    async progress(study: Study): Promise<DatasetProgress[]> {
      const rows = await db('study_datasets as sd')
        .join('datasets as d', 'd.id', 'sd.dataset_id')
        .leftJoin(
          db('tasks')
            .where({ study_id: study.id })
            .select('dataset_id')
            .count('* as sampled')
            .sum('k as needed')
            .sum('judged as judged')
            .sum('reserved as reserved')
            .select(db.raw('count(*) FILTER (WHERE judged >= k) AS complete'))
            .groupBy('dataset_id')
            .as('t'),
          't.dataset_id',
          'sd.dataset_id',
        )
        .leftJoin(
          db('judgments')
            .where({ study_id: study.id, excluded: false })
            .select('dataset_id')
            .countDistinct('worker_id as workers')
            .groupBy('dataset_id')
            .as('j'),
          'j.dataset_id',
          'sd.dataset_id',
        )
        .where('sd.study_id', study.id)
        .select(
          'd.id',
          'd.name',
          'd.slug',
          't.sampled',
          't.needed',
          't.judged',
          't.reserved',
          't.complete',
          'j.workers',
        )
        .orderBy('d.name');
      return rows.map((r: Record<string, unknown>) => ({
        datasetId: Number(r.id),
        name: String(r.name),
        slug: String(r.slug),
        sampled: Number(r.sampled ?? 0),
        needed: Number(r.needed ?? 0),
        judged: Number(r.judged ?? 0),
        reserved: Number(r.reserved ?? 0),
        complete: Number(r.complete ?? 0),
        workers: Number(r.workers ?? 0),
      }));
    },

    async countWorkers(study: Study): Promise<number> {
      const row = await db('study_workers').where({ study_id: study.id }).count('* as n').first();
      return Number(row?.n ?? 0);
    },

    /** Adds in-house workers (by e-mail) to a study; returns the e-mails that match no worker account. */
    async assignWorkers(
      user: User,
      id: number,
      emails: string[],
    ): Promise<{ added: number; unknown: string[] }> {
      const study = await getManagedStudy(user, id);
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
      const found = wanted.length
        ? await db('users')
            .whereRaw('lower(email) = ANY(?)', [wanted])
            .andWhere({ disabled: false })
            .select('id', 'email')
        : [];
      for (const u of found) await studies.addStudyWorker(db, study.id, Number(u.id));
      const foundEmails = new Set(found.map((u: { email: string }) => u.email.toLowerCase()));
      return { added: found.length, unknown: wanted.filter((e) => !foundEmails.has(e)) };
    },
  };
}

/** Why: a study may only sample datasets its owner owns (an admin may use any). */
async function assertDatasetsUsable(trx: Knex.Transaction, owner: User, datasetIds: number[]): Promise<void> {
  const datasetRows = await trx('datasets').whereIn('id', datasetIds).select('id', 'owner_id');
  const allowed = datasetRows.filter(
    (d: { owner_id: number }) => owner.role === 'admin' || Number(d.owner_id) === owner.id,
  );
  if (allowed.length !== datasetIds.length) {
    throw new ValidationError('Some datasets were not found', {
      fields: { datasetIds: 'choose datasets you own' },
    });
  }
}

/** Samples one dataset's examples into tasks: stratified by proposed label, seeded per dataset. */
async function sampleDataset(
  trx: Knex.Transaction,
  study: Study,
  datasetId: number,
  size: number | 'all',
): Promise<void> {
  const examples = await trx('examples')
    .where({ dataset_id: datasetId })
    .orderBy('position')
    .select('id', 'proposed_label');
  const chosen = sampleStratified(
    examples.map((e: { id: number; proposed_label: string | null }) => ({
      id: Number(e.id),
      proposedLabel: e.proposed_label,
    })),
    size,
    deriveSeed(study.seed, datasetId),
  );
  await trx('study_datasets').insert({
    study_id: study.id,
    dataset_id: datasetId,
    sampled_count: chosen.length,
  });
  const rng = crypto.randomBytes(chosen.length * 4);
  const rows = chosen.map((exampleId, i) => ({
    study_id: study.id,
    dataset_id: datasetId,
    example_id: exampleId,
    k: study.k,
    random_key: rng.readUInt32BE(i * 4) / 2 ** 32,
  }));
  for (let i = 0; i < rows.length; i += 1000) await trx('tasks').insert(rows.slice(i, i + 1000));
}

export type StudiesService = ReturnType<typeof createStudiesService>;
