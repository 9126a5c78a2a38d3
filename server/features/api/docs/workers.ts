import { z } from 'zod';
import { BlockBody, BlockParams, GoldBody, PageQuery, StudyParams, WorkerParams } from '../schemas';
import { json, page, type Operation } from './operation';
import { BlockJson, GoldItemJson } from '../responses';

/** A study's workers and quality control: figures, blocks and their undoing, gold items, imported judgments, model judges. */
export const workerOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/studies/:id/workers',
    operationId: 'listStudyWorkers',
    tag: 'workers',
    summary: 'Every worker who judged in the study, with their figures and any active block',
    access: 'read',
    params: StudyParams,
    query: PageQuery,
    responses: { 200: page('workers', 'A page of workers, by worker id') },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/workers/:workerId/block',
    operationId: 'blockWorker',
    tag: 'workers',
    summary: 'Block a worker; optionally exclude their judgments so those examples are judged again',
    access: 'write',
    params: WorkerParams,
    body: { kind: 'json', schema: BlockBody },
    responses: { 201: json('The block', z.object({ block: z.looseObject({ id: z.number().int() }) })) },
  },
  {
    method: 'get',
    path: '/api/v1/studies/:id/blocks',
    operationId: 'listBlocks',
    tag: 'workers',
    summary: 'Every block of the study, undone ones included',
    access: 'read',
    params: StudyParams,
    query: PageQuery,
    responses: { 200: page('blocks', 'A page of blocks', BlockJson) },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/blocks/:blockId/undo',
    operationId: 'undoBlock',
    tag: 'workers',
    summary: 'Undo a block; judgments whose slots are still free count again',
    access: 'write',
    params: BlockParams,
    responses: {
      200: json('What was restored', z.object({ restored: z.number().int(), notRestored: z.number().int() })),
    },
  },
  {
    method: 'get',
    path: '/api/v1/studies/:id/gold',
    operationId: 'listGoldItems',
    tag: 'workers',
    summary: "The study's gold, qualification, honeypot and attention items",
    access: 'read',
    params: StudyParams,
    query: PageQuery,
    responses: { 200: page('items', 'A page of items', GoldItemJson) },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/gold',
    operationId: 'addGoldItems',
    tag: 'workers',
    summary: 'Add gold, qualification, honeypot or attention items; all or nothing',
    description:
      'One item a line: `kind, dataset slug, example position, expected[, instruction]`, e.g. ' +
      '`gold, persona-desire-for-power, 12, Yes`. A bad line is 422 with every issue listed.',
    access: 'write',
    params: StudyParams,
    body: { kind: 'json', schema: GoldBody },
    responses: { 201: json('How many were added', z.object({ added: z.number().int() })) },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/judgments',
    operationId: 'importJudgments',
    tag: 'workers',
    summary: 'Import judgments gathered elsewhere (CSV or JSONL); all or nothing',
    description:
      'Send `multipart/form-data` with the file in a `file` field. Each row names the dataset, the example ' +
      'position, the worker and their answers; problems are 422 with every issue listed.',
    access: 'write',
    params: StudyParams,
    body: { kind: 'multipart', description: 'The judgments file in a `file` field' },
    responses: { 201: json('How many judgments from how many workers') },
  },
  {
    method: 'post',
    path: '/api/v1/studies/:id/model-judgments',
    operationId: 'importModelJudgments',
    tag: 'workers',
    summary: "Import a model judge's answers (CSV or JSONL) as a new version of that judge; all or nothing",
    description:
      'Send `multipart/form-data` with the file in a `file` field. Each row names the dataset, the example ' +
      'position, the judge and its answer, optionally its confidence (0 to 1) and rationale. Model judgments ' +
      'are kept apart from human ones: they fill no slot, count toward no k and enter no human figure. ' +
      'Problems are 422 with every issue listed.',
    access: 'write',
    params: StudyParams,
    body: { kind: 'multipart', description: 'The model judgments file in a `file` field' },
    responses: {
      201: json(
        'How many answers, and the version each judge got',
        z.object({
          judgments: z.number().int(),
          judges: z.array(z.object({ name: z.string(), version: z.number().int() })),
        }),
      ),
    },
  },
];
