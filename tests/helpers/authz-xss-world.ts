import { Readable } from 'node:stream';
import * as studyData from '../../server/features/studies/repo';
import type { User } from '../../server/features/accounts/types';
import { studySettingsSchema } from '../../server/domain/studies/study-settings';
import { importDataset } from '../../server/features/datasets/import/import-dataset';
import { insertJudgment } from './factories';
import { createUser, type TestContext } from './test-app';

/**
 * Hostile text in every field a person can type: each payload sets window.__xss if it ever runs, and the SQL
 * metacharacters must come back verbatim. The dataset goes through the real import service and the study through
 * the real settings schema and service, so nothing is smuggled past the code under test.
 */
export const XSS_PAYLOADS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  'javascript:window.__xss=1',
  '[click me](javascript:window.__xss=1)',
  '<svg onload="window.__xss=1">',
  '"><script>window.__xss=1</script>',
  "'><img src=x onerror=window.__xss=1>",
  '<a href="javascript:window.__xss=1">x</a>',
];
export const SQL_METACHARACTERS = "'; DROP TABLE users; -- %_\\";

/**
 * What an injection would leave in a page: a script element or an event-handler attribute carrying the payload,
 * or a javascript: URL in an href/src. Attributes are parsed per tag, so escaped text inside a quoted attribute
 * value (`value="&lt;svg onload=..."`) is not mistaken for markup.
 */
export function findInjectedMarkup(html: string): string[] {
  const found: string[] = [];
  if (/<script>window\.__xss/i.test(html)) found.push('<script>window.__xss');
  for (const tag of html.matchAll(
    /<([a-z][a-z0-9-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/gi,
  )) {
    for (const attr of tag[2]!.matchAll(/([^\s=>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>]+))?/g)) {
      const name = attr[1]!.toLowerCase();
      const value = (attr[2] ?? '').replace(/^["']|["']$/g, '').trim();
      if (name.startsWith('on')) found.push(`${tag[1]} ${name}=${value}`);
      if (['href', 'src', 'action', 'formaction'].includes(name) && /^javascript:/i.test(value))
        found.push(`${tag[1]} ${name}=${value}`);
    }
  }
  return found;
}

const all = (sep = ' ') => [...XSS_PAYLOADS, SQL_METACHARACTERS].join(sep);

export interface XssWorld {
  owner: User;
  worker: User;
  admin: User;
  studyId: number;
  datasetId: number;
  taskId: number;
  entryCode: string;
  studyName: string;
}

/** The owner's pages that show the hostile text, as Chromium visits them (the supertest check adds downloads). */
export function researcherPages(world: XssWorld): string[] {
  return [
    '/datasets',
    `/datasets/${world.datasetId}`,
    '/studies',
    `/studies/${world.studyId}`,
    `/studies/${world.studyId}/quality`,
    `/studies/${world.studyId}/report`,
    `/studies/${world.studyId}/report/datasets/${world.datasetId}`,
  ];
}

export async function buildXssWorld(ctx: TestContext): Promise<XssWorld> {
  const db = ctx.database.db;
  const owner = await createUser(ctx, 'researcher');
  const admin = await createUser(ctx, 'admin');
  const worker = await createUser(ctx, 'worker');
  const commenter = await createUser(ctx, 'worker');
  // The worker's own name is not typed by anyone; admins' pages show e-mails, which accounts validate.
  const records = XSS_PAYLOADS.map((p, i) =>
    JSON.stringify({
      question: `${p} ${SQL_METACHARACTERS} #${i}\n\nChoices:\n (A) ${p}\n (B) ${SQL_METACHARACTERS}`,
      answer_matching_behavior: ' (A)',
      answer_not_matching_behavior: ' (B)',
    }),
  ).join('\n');
  const { dataset } = await importDataset(
    { db, dbKind: ctx.database.kind },
    {
      owner,
      chunks: Readable.from([Buffer.from(records + '\n')]),
      fileName: `${XSS_PAYLOADS[0]}${SQL_METACHARACTERS}.jsonl`,
      meta: {
        name: `Dataset ${XSS_PAYLOADS[0]} ${XSS_PAYLOADS[4]} ${SQL_METACHARACTERS}`,
        description: `Tests ${all('\n')}`,
      },
    },
  );
  const studyName = `Study ${XSS_PAYLOADS[5]} ${SQL_METACHARACTERS}`;
  const settings = studySettingsSchema.parse({
    name: studyName,
    datasetIds: [String(dataset.id)],
    examplesPerDataset: 'all',
    k: '3',
    instructions: `# Read\n\n${all('\n\n')}`,
    consentText: `I agree ${all('\n')}`,
  });
  const study = await ctx.services.studies.createStudy(owner, settings);
  await ctx.services.studies.changeState(owner, study.id, 'open');
  const tasks = await db('tasks').where({ study_id: study.id }).orderBy('id').select('id');
  for (const t of tasks.slice(0, 3))
    await insertJudgment(db, Number(t.id), commenter.id, { answer: ' (A)', relevance: 3, comment: all() });
  await studyData.addStudyWorker(db, study.id, worker.id);
  return {
    owner,
    worker,
    admin,
    studyId: study.id,
    datasetId: dataset.id,
    taskId: Number(tasks[0].id),
    entryCode: study.entryCode,
    studyName,
  };
}
