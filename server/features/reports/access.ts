import type { Knex } from 'knex';
import { findReportStudy } from './repo';
import type { ReportStudy } from './types';
import type { User } from '../accounts/types';
import { NotFoundError } from '../../errors';

/**
 * Why 404 rather than 403: a researcher must not learn that another researcher's study exists. Admins see all.
 */
export async function loadOwnStudy(db: Knex, user: User, studyId: number): Promise<ReportStudy> {
  const study = await findReportStudy(db, studyId);
  if (!study || (user.role !== 'admin' && study.ownerId !== user.id))
    throw new NotFoundError('No such study');
  return study;
}

/** What every report and download states: the study's settings, when it was made, and the judgment hash. */
export interface ReportMeta {
  study: {
    id: number;
    name: string;
    state: string;
    k: number;
    overlap: ReportStudy['overlap'];
    examplesPerDataset: number | null;
    seed: number;
    questions: ReportStudy['questions'];
  };
  generatedAt: string;
  judgmentsSha256: string;
  judgmentsHashed: number;
}

export function reportMeta(study: ReportStudy, hash: string, hashed: number, now: Date): ReportMeta {
  const { id, name, state, k, overlap, examplesPerDataset, seed, questions } = study;
  return {
    study: { id, name, state, k, overlap, examplesPerDataset, seed, questions },
    generatedAt: now.toISOString(),
    judgmentsSha256: hash,
    judgmentsHashed: hashed,
  };
}

// One line of settings for CSV preambles and headers.
export function describeMeta(meta: ReportMeta): string[] {
  const s = meta.study;
  return [
    `study ${s.id} "${s.name}" (${s.state}); k=${s.k}; examples per dataset=${s.examplesPerDataset ?? 'all'}; seed=${s.seed}`,
    `generated ${meta.generatedAt}`,
    `judgments sha256 ${meta.judgmentsSha256} (${meta.judgmentsHashed} judgments incl. excluded)`,
  ];
}
