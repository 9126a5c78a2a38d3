import crypto from 'node:crypto';
import { createScratchDatabase } from './lib/scratch-db';
import { startApp, type RunningServer } from './lib/processes';
import { Client, closeConnections } from './lib/http-client';
import { actionOf, csrfOf, hexId, isNextPage, submissionKeyOf } from './lib/labeling-cycle';
import { seedDatasets, seedOwner, seedStudy } from './lib/seed';
import { POOL_MAX } from './lib/settings';
import { log, printFigure, printHeader } from './lib/report';

/**
 * A crowd that misbehaves, against one evalvet process on PostgreSQL: more workers than the pool has slots,
 * arriving in waves, who abandon tasks (holding their reservation), reload, submit the same form twice at once,
 * answer after their reservation ran out (it is expired in the database, as time would), and post answers to task
 * ids they were never given. Afterwards the database and what the workers saw are checked:
 *   0 acknowledged submissions lost, 0 tasks over k, 0 workers over the quota, 0 codes shown without the work
 *   (a completion code below the quota, any code with no judgment), 0 forged answers recorded.
 * Run: npm run bench:crowd   (BENCH_CROWD_WORKERS=300 for a bigger crowd)
 */
const WORKERS = Number(process.env.BENCH_CROWD_WORKERS ?? 240);
const DATASETS = 5;
const PER_DATASET = 40; // 200 tasks x k = 3: 600 slots
const QUOTA = 5; // 240 workers x 5 = 1,200 wanted: the pool runs out
const CONCURRENCY = 80;

type Ending = 'complete' | 'partial' | 'no-work' | 'other';

interface Seen {
  pid: string;
  acknowledged: Set<number>; // tasks whose answer (live reservation) the server acknowledged with a redirect
  ending: Ending | null;
  code: string | null;
  forgedAccepted: number;
  given: Set<number>; // every task the server handed this worker
}

const rand = Math.random;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function endingOf(html: string): { ending: Ending; code: string | null } | null {
  const code = (id: string) => new RegExp(`data-testid="${id}">([^<]+)<`).exec(html)?.[1] ?? null;
  if (html.includes('data-testid="completion-code"'))
    return { ending: 'complete', code: code('completion-code') };
  if (html.includes('data-testid="partial-code"')) return { ending: 'partial', code: code('partial-code') };
  if (html.includes('data-testid="no-work"')) return { ending: 'no-work', code: null };
  return null;
}

async function main(): Promise<void> {
  const scratch = await createScratchDatabase('evalvet_bench_crowd');
  let app: RunningServer | undefined;
  try {
    const { db } = scratch;
    const owner = await seedOwner(db);
    const datasetIds = await seedDatasets(db, owner, DATASETS, PER_DATASET);
    const study = await seedStudy(db, owner, datasetIds);
    await db('studies').where({ id: study.studyId }).update({
      per_worker_limit: QUOTA,
      reservation_minutes: 1,
      max_wait_minutes: 1,
      partial_code: 'PARTIAL1',
    });
    const taskIds = (await db('tasks').where({ study_id: study.studyId }).select('id')).map((r) =>
      Number(r.id),
    );
    app = await startApp(scratch.url, POOL_MAX);
    log(
      `${study.tasks} tasks, k = 3, quota ${QUOTA}; ${WORKERS} workers, ${CONCURRENCY} at a time; app pid ${app.pid}`,
    );
    const base = app.url;
    const seen: Seen[] = [];
    let requests = 0;
    let submits = 0;
    let errors = 0;

    async function worker(i: number) {
      const c = new Client([base]);
      const s: Seen = {
        pid: hexId(`crowd${i}`),
        acknowledged: new Set(),
        ending: null,
        code: null,
        forgedAccepted: 0,
        given: new Set<number>(),
      };
      seen.push(s);
      const get = async (p: string) => (requests++, c.get(p));
      const entry = await get(
        `/s/${study.entryCode}?PROLIFIC_PID=${s.pid}&SESSION_ID=${hexId(`crowd-s${i}`)}`,
      );
      if (entry.status !== 302) return void (errors += 1);
      const consent = await get(`/work/studies/${study.studyId}`);
      const before = endingOf(consent.body);
      if (before) return void Object.assign(s, before);
      const token = csrfOf(consent.body);
      if (!token) return void (errors += 1);
      requests++;
      await c.post(`/work/studies/${study.studyId}/consent`, { _csrf: token });
      const workerId = Number(
        (await db('users').where({ external_source: 'prolific', external_id: s.pid }).first('id')).id,
      );
      for (let step = 0; step < 400; step += 1) {
        const page = await get(`/work/studies/${study.studyId}/next`);
        const ended = endingOf(page.body);
        if (ended) return void Object.assign(s, ended);
        const action = actionOf(page.body);
        const csrf = csrfOf(page.body);
        const key = submissionKeyOf(page.body);
        if (page.status !== 200) return void (errors += 1);
        if (!action || !csrf || !key) {
          await sleep(300); // waiting for a slot
          continue;
        }
        const taskId = Number(action.split('/').pop());
        s.given.add(taskId);
        const form = {
          _csrf: csrf,
          submission_key: key,
          q_answer: ' Yes',
          q_relevance: '4',
          q_ambiguous: 'no',
        };
        const roll = rand();
        if (roll < 0.06) return; // abandons, holding the reservation until it expires
        if (roll < 0.14) {
          // reloads: the same task comes back
          const again = await get(`/work/studies/${study.studyId}/next`);
          if (actionOf(again.body) !== action) errors += 1;
        }
        if (roll >= 0.14 && roll < 0.2) {
          // answers late: the reservation runs out (in the database, as time would) before the answer arrives
          await db('reservations')
            .where({ task_id: taskId, worker_id: workerId })
            .update({ expires_at: db.fn.now() });
          requests++;
          submits++;
          await c.post(action, form);
          continue;
        }
        if (roll >= 0.2 && roll < 0.25) {
          // posts to a task id never given, with a fresh key
          const forged = taskIds[Math.floor(rand() * taskIds.length)]!;
          if (!s.given.has(forged)) {
            requests++;
            const res = await c.post(`/work/studies/${study.studyId}/tasks/${forged}`, {
              ...form,
              submission_key: crypto.randomUUID(),
            });
            if (res.status === 302) s.forgedAccepted += 1;
          }
        }
        const double = roll >= 0.25 && roll < 0.33;
        requests += double ? 2 : 1;
        submits += 1;
        const replies = await Promise.all(
          double ? [c.post(action, form), c.post(action, form)] : [c.post(action, form)],
        );
        if (replies.every((r) => r.status === 302 && isNextPage(r.location))) s.acknowledged.add(taskId);
        else errors += 1;
      }
    }

    printHeader('a misbehaving crowd: abandons, reloads, double and late submits, forged task ids');
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < WORKERS) await worker(next++);
      }),
    );
    const seconds = (Date.now() - started) / 1000;

    const judged = await db('judgments').where({ study_id: study.studyId }).select('task_id', 'worker_id');
    const users = new Map(
      (await db('users').whereNotNull('external_id').select('id', 'external_id')).map((u) => [
        u.external_id,
        Number(u.id),
      ]),
    );
    const byWorker = new Map<number, Set<number>>();
    for (const j of judged) {
      const set = byWorker.get(Number(j.worker_id)) ?? new Set<number>();
      set.add(Number(j.task_id));
      byWorker.set(Number(j.worker_id), set);
    }
    let lost = 0;
    let codesWithoutWork = 0;
    let forged = 0;
    const endings: Record<string, number> = {};
    for (const s of seen) {
      const mine = byWorker.get(users.get(s.pid) ?? -1) ?? new Set<number>();
      for (const t of s.acknowledged) if (!mine.has(t)) lost += 1;
      forged += s.forgedAccepted;
      endings[s.ending ?? 'none'] = (endings[s.ending ?? 'none'] ?? 0) + 1;
      if (s.ending === 'complete' && mine.size < QUOTA) codesWithoutWork += 1;
      if (s.code && mine.size === 0) codesWithoutWork += 1;
    }
    const overK = await db('tasks')
      .where({ study_id: study.studyId })
      .andWhere((q) => void q.whereRaw('judged > k').orWhereRaw('judged + reserved > k'))
      .count('* as n')
      .first();
    const overQuota = [...byWorker.values()].filter((t) => t.size > QUOTA).length;
    const recordedCodesWithoutWork = await db('completions')
      .where({ study_id: study.studyId, judgments: 0 })
      .whereNotNull('code')
      .count('* as n')
      .first();
    const counted = await db.raw(
      `SELECT count(*)::int AS n FROM tasks t WHERE t.study_id = ? AND t.judged <> (SELECT count(*) FROM judgments j WHERE j.task_id = t.id)`,
      [study.studyId],
    );

    log(
      `${seconds.toFixed(1)} s, ${requests} requests (${(requests / seconds).toFixed(0)}/s), ${submits} submits, ${judged.length} judgments recorded, ${errors} unexpected replies`,
    );
    log(
      `endings seen: ${Object.entries(endings)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    printFigure('acknowledged submissions lost', lost, '= 0', lost === 0);
    printFigure(
      'tasks over k (judged, or judged + reserved)',
      Number(overK?.n ?? 0),
      '= 0',
      Number(overK?.n ?? 0) === 0,
    );
    printFigure('workers over the quota', overQuota, '= 0', overQuota === 0);
    printFigure('codes shown without the work', codesWithoutWork, '= 0', codesWithoutWork === 0);
    printFigure(
      'codes recorded for no judgment',
      Number(recordedCodesWithoutWork?.n ?? 0),
      '= 0',
      Number(recordedCodesWithoutWork?.n ?? 0) === 0,
    );
    printFigure('forged answers recorded', forged, '= 0', forged === 0);
    printFigure('task counters off their rows', counted.rows[0].n, '= 0', counted.rows[0].n === 0);
    printFigure('unexpected replies', errors, '= 0', errors === 0);
    const failed =
      lost + Number(overK?.n ?? 0) + overQuota + codesWithoutWork + forged + errors + counted.rows[0].n;
    if (failed) process.exitCode = 1;
  } finally {
    closeConnections();
    await app?.stop();
    await scratch.drop();
  }
}

void main();
