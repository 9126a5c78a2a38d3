import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { User } from '../accounts/types';
import * as studies from './repo';
import type { DatasetProgress, Study, StudyForWorker } from './types';
import { sampleStratified, deriveSeed } from '../../domain/studies/sampling';
import { isEditable, studyTransition, type StudyAction } from '../../domain/studies/study-state';
import type { StudySettings } from '../../domain/studies/study-settings';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { refersToBehaviour } from '../../domain/studies/placeholders';
import { settingsToRow } from './settings-row';

/**
 * Studies: setting one up over a researcher's datasets (sampling each dataset's examples, stratified by proposed
 * label with a recorded seed), moving it through draft → open ⇄ paused → closed, and reporting live progress.
 */

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

    // Who works on a study (study_workers), for the crowd entry and labeling features: they call these, never
    // the repo (see the import boundaries in eslint.config.mjs).
    /** Any study by id, unchecked: for callers that have checked access themselves (the demo seed). */
    findStudy: (id: number): Promise<Study | undefined> => studies.findStudy(db, id),
    findByEntryCode: (code: string): Promise<Study | undefined> => studies.findStudyByEntryCode(db, code),
    /** The study with this worker's membership, consent and block (and a task's options), in one round trip. */
    findForWorker: (id: number, workerId: number, taskId?: number): Promise<StudyForWorker | undefined> =>
      studies.findStudyForWorker(db, id, workerId, taskId),
    addWorker: (studyId: number, workerId: number): Promise<void> =>
      studies.addStudyWorker(db, studyId, workerId),
    recordConsent: (studyId: number, workerId: number): Promise<void> =>
      studies.recordConsent(db, studyId, workerId),
    listForWorker: (workerId: number): Promise<Study[]> => studies.listStudiesForWorker(db, workerId),

    listStudies: (user: User) => studies.listStudiesFor(db, user.role === 'admin' ? null : user.id),

    /** Datasets the user may put in a study. */
    /** The chosen datasets with no behaviour description, when the template needs one (else none). */
    datasetsWithoutBehaviour: (settings: Pick<StudySettings, 'datasetIds' | 'template'>) =>
      findDatasetsWithoutBehaviour(db, settings),

    /** The chosen datasets with open-ended examples, when the template asks to choose among options. */
    datasetsWithoutOptions: (settings: Pick<StudySettings, 'datasetIds' | 'template'>) =>
      findDatasetsWithoutOptions(db, settings),

    listSelectableDatasets: (user: User) =>
      studies.listSelectableDatasets(db, user.role === 'admin' ? null : user.id),

    /** Creates a draft study and samples its tasks, all in one transaction. */
    async createStudy(
      owner: User,
      settings: StudySettings,
      seed = crypto.randomInt(1, 2 ** 31 - 1),
    ): Promise<Study> {
      return db.transaction(async (trx) => {
        await assertDatasetsUsable(trx, owner, settings.datasetIds);
        await assertBehaviourKnown(trx, settings);
        await assertOptionsExist(trx, settings);
        const study = await studies.insertStudy(trx, {
          ...settingsToRow(settings),
          owner_id: owner.id,
          seed,
          entry_code: crypto.randomBytes(9).toString('base64url'),
        });
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
        await assertBehaviourKnown(trx, settings);
        await assertOptionsExist(trx, settings);
        const before = await studies.listStudyDatasetIds(trx, id);
        const resample =
          locked.k !== settings.k ||
          locked.examplesPerDataset !==
            (settings.examplesPerDataset === 'all' ? null : settings.examplesPerDataset) ||
          before.join() !== [...settings.datasetIds].sort((a, b) => a - b).join();
        const study = await studies.updateStudySettings(trx, id, settingsToRow(settings));
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
      const changed = await studies.updateStudyState(db, id, study.state, patch);
      if (!changed) throw new ValidationError('The study changed meanwhile; reload and try again');
      return changed;
    },

    /** Per dataset: judged / needed, live reservations, distinct workers. */
    progress: (study: Study): Promise<DatasetProgress[]> => studies.listDatasetProgress(db, study.id),

    countWorkers: (study: Study): Promise<number> => studies.countStudyWorkers(db, study.id),

    /**
     * Adds in-house workers (by e-mail) to a study: worker accounts only (a researcher or an admin is never made a
     * study worker). Returns the e-mails not added, without saying whether an account of another role has them.
     */
    async assignWorkers(
      user: User,
      id: number,
      emails: string[],
    ): Promise<{ added: number; notAdded: string[] }> {
      const study = await getManagedStudy(user, id);
      const wanted = [...new Set(emails.map((e) => e.trim().toLowerCase()).filter(Boolean))];
      const found = await studies.findActiveWorkersByEmail(db, wanted);
      for (const u of found) await studies.addStudyWorker(db, study.id, u.id);
      const foundEmails = new Set(found.map((u) => u.email.toLowerCase()));
      return { added: found.length, notAdded: wanted.filter((e) => !foundEmails.has(e)) };
    },
  };
}

/**
 * Why: a template that asks about "the described behaviour" is meaningless for a dataset that does not say
 * which behaviour it tests; the form links each such dataset to the page where its description is filled in.
 */
async function findDatasetsWithoutBehaviour(
  db: Knex,
  settings: Pick<StudySettings, 'datasetIds' | 'template'>,
): Promise<{ id: number; name: string }[]> {
  if (!refersToBehaviour(settings.template)) return [];
  const rows = await studies.listDatasetOwners(db, settings.datasetIds);
  return rows.filter((d) => d.description.trim() === '').map((d) => ({ id: d.id, name: d.name }));
}

export const MISSING_BEHAVIOUR_MESSAGE =
  'asks about the behaviour under test, but some datasets do not describe it: fill in their description first';

async function assertBehaviourKnown(db: Knex, settings: StudySettings): Promise<void> {
  const missing = await findDatasetsWithoutBehaviour(db, settings);
  if (missing.length > 0)
    throw new ValidationError(`The template ${MISSING_BEHAVIOUR_MESSAGE}`, {
      fields: { template: MISSING_BEHAVIOUR_MESSAGE },
      datasets: missing,
    });
}

/**
 * Why: an open-ended example has reference answers and no options, so a choice question on it cannot be
 * answered; such datasets are judged with the reference-answer template (or any template without a choice).
 */
async function findDatasetsWithoutOptions(
  db: Knex,
  settings: Pick<StudySettings, 'datasetIds' | 'template'>,
): Promise<{ id: number; name: string }[]> {
  if (!settings.template.questions.some((q) => q.kind === 'choice')) return [];
  return studies.listOpenEndedDatasets(db, settings.datasetIds);
}

export const OPEN_ENDED_MESSAGE =
  'asks to choose among the options, but some datasets have open-ended examples with none: choose “Is the reference answer correct?” or a template without a choice question';

async function assertOptionsExist(db: Knex, settings: StudySettings): Promise<void> {
  const missing = await findDatasetsWithoutOptions(db, settings);
  if (missing.length > 0)
    throw new ValidationError(`The template ${OPEN_ENDED_MESSAGE}`, {
      fields: { template: OPEN_ENDED_MESSAGE },
      datasets: missing,
    });
}

/** Why: a study may only sample datasets its owner owns (an admin may use any). */
async function assertDatasetsUsable(trx: Knex.Transaction, owner: User, datasetIds: number[]): Promise<void> {
  const datasetRows = await studies.listDatasetOwners(trx, datasetIds);
  const allowed = datasetRows.filter((d) => owner.role === 'admin' || d.ownerId === owner.id);
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
  const examples = await studies.listExamplesForSampling(trx, datasetId);
  const chosen = sampleStratified(examples, size, deriveSeed(study.seed, datasetId));
  await studies.insertStudyDataset(trx, study.id, datasetId, chosen.length);
  const rng = crypto.randomBytes(chosen.length * 4);
  const rows = chosen.map((exampleId, i) => ({
    study_id: study.id,
    dataset_id: datasetId,
    example_id: exampleId,
    k: study.k,
    random_key: rng.readUInt32BE(i * 4) / 2 ** 32,
  }));
  await studies.insertTasks(trx, rows);
}

export type StudiesService = ReturnType<typeof createStudiesService>;
