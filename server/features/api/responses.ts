import { z } from 'zod';
import { STUDY_ACTIONS, STUDY_STATES } from '../../domain/studies/study-state';
import { questionTemplateSchema } from '../../domain/studies/question-template';

/**
 * The shapes the API answers with, as zod schemas: openapi.ts documents them, and the handlers build their
 * answers as `z.input` of them, so TypeScript refuses an answer that strays from its documentation.
 * Timestamps are ISO 8601 strings (`iso` below).
 */
const timestamp = z.iso.datetime();
const id = z.number().int();

export const DatasetJson = z.object({
  id,
  name: z.string(),
  slug: z.string(),
  description: z.string(),
  category: z.string(),
  source: z.enum(['lm', 'human']),
  pairingKey: z.string().nullable(),
  format: z.string(),
  fileType: z.string(),
  fileName: z.string(),
  fileSha256: z.string(),
  fileSize: z.number().int(),
  version: z
    .number()
    .int()
    .meta({ description: 'versions of one file share a slug, suffixed -v2, -v3, ...' }),
  exampleCount: z.number().int(),
  labelCounts: z.record(z.string(), z.number().int()),
  duplicateCount: z.number().int(),
  skippedCount: z.number().int(),
  importedAt: timestamp,
  url: z.string().meta({ description: 'the dataset page' }),
});

export const StudyJson = z.object({
  id,
  name: z.string(),
  state: z.enum(STUDY_STATES),
  actions: z.array(z.enum(STUDY_ACTIONS)).meta({ description: 'the state changes the state allows' }),
  k: z.number().int(),
  examplesPerDataset: z.union([z.number().int(), z.literal('all')]),
  reservationMinutes: z.number().int(),
  perWorkerLimit: z.number().int().nullable(),
  overlap: z
    .object({ kMax: z.number().int(), agree: z.number().int() })
    .nullable()
    .describe(
      'Adaptive overlap: k judgments first, more until `agree` agree, at most kMax; null for fixed k',
    ),
  order: z.enum(['random', 'finish-started']),
  template: questionTemplateSchema,
  instructions: z.string(),
  consentText: z.string(),
  completionCode: z.string().nullable(),
  screenedOutCode: z.string().nullable(),
  completionUrl: z.string().nullable(),
  quality: z.looseObject({}),
  taskCount: z.number().int(),
  entryLink: z.string().meta({ description: 'the link to hand workers (crowd platforms append their ids)' }),
  createdAt: timestamp,
  openedAt: timestamp.nullable(),
  closedAt: timestamp.nullable(),
  url: z.string().meta({ description: 'the study page' }),
});

export const ProgressJson = z.object({
  state: z.enum(STUDY_STATES),
  totals: z.object({
    needed: z.number().int(),
    judged: z.number().int(),
    reserved: z.number().int(),
    complete: z.number().int(),
    percent: z.number().int(),
  }),
  workerCount: z.number().int(),
  datasets: z.array(
    z.object({
      datasetId: id,
      name: z.string(),
      slug: z.string(),
      sampled: z.number().int(),
      needed: z.number().int(),
      judged: z.number().int(),
      reserved: z.number().int(),
      complete: z.number().int(),
      workers: z.number().int(),
    }),
  ),
});

export const BlockJson = z.object({
  id,
  workerId: id,
  reason: z.string(),
  excluded: z.boolean().meta({ description: "whether the worker's judgments were excluded" }),
  excludedCount: z.number().int(),
  blockedBy: z.string().nullable(),
  blockedAt: timestamp,
  undoneBy: z.string().nullable(),
  undoneAt: timestamp.nullable(),
  restoredCount: z.number().int().nullable(),
});

export const GoldItemJson = z.object({
  id,
  kind: z.string(),
  purpose: z.string(),
  expected: z.unknown(),
  instruction: z.string().nullable(),
  dataset: z.string().meta({ description: "the dataset's slug" }),
  position: z.number().int(),
  served: z.number().int(),
  correct: z.number().int(),
});

export type DatasetAnswer = z.input<typeof DatasetJson>;
export type StudyAnswer = z.input<typeof StudyJson>;
export type ProgressAnswer = z.input<typeof ProgressJson>;
export type BlockAnswer = z.input<typeof BlockJson>;
export type GoldItemAnswer = z.input<typeof GoldItemJson>;

/** A timestamp as the answers carry it. */
export function iso(date: Date): string;
export function iso(date: Date | null): string | null;
export function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}
