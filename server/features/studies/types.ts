import type { QuestionTemplate } from '../../domain/studies/question-template';
import type { StudyState } from '../../domain/studies/study-state';

/**
 * The studies feature's types, for any feature to import (its repo is for its own service only). A Study is the
 * row of `studies` as the app reads it (see toStudy in repo.ts).
 */
export interface Study {
  id: number;
  ownerId: number;
  name: string;
  state: StudyState;
  /** Judgments per example; with adaptive overlap the first k (k_min), then more up to overlap.kMax. */
  k: number;
  /** Adaptive overlap: stop at `agree` agreeing answers, at most kMax judgments; null for fixed k. */
  overlap: { kMax: number; agree: number } | null;
  examplesPerDataset: number | null;
  seed: number;
  reservationMinutes: number;
  perWorkerLimit: number | null;
  taskOrder: 'random' | 'finish-started';
  template: QuestionTemplate;
  instructions: string;
  consentText: string;
  entryCode: string;
  completionCode: string | null;
  screenedOutCode: string | null;
  completionUrl: string | null;
  /** Crowd settings (see migrations/20261202100000_crowd_integrity.ts). The secret is never shown to workers. */
  crowd: {
    partialCode: string | null;
    perWorkerCodes: boolean;
    requireSignedEntry: boolean;
    identitiesPerAddressHour: number | null;
    maxWaitMinutes: number;
  };
  codeSecret: string;
  createdAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  /** Sampled tasks (kept by a trigger, see the count_study_tasks migration). */
  taskCount: number;
  quality: {
    goldRate: number;
    attentionRate: number;
    qualificationCount: number;
    qualificationMinAccuracy: number;
    autoBlockMinAccuracy: number | null;
    autoBlockMinItems: number;
    autoBlockExclude: boolean;
  };
}

/** A study as a worker's page loads it: with that worker's membership, consent and block. */
export interface StudyForWorker {
  study: Study;
  member: boolean;
  consented: boolean;
  blocked: boolean;
  /** With a task id: that task's answer options, or null if it is no task of the study (e.g. a gold item). */
  taskOptions?: { key: string; text: string }[] | null;
}

/** One dataset's line of a study's progress: judged / needed, live reservations, distinct workers. */
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
