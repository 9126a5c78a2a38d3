import crypto from 'node:crypto';
import { Client } from './http-client';
import { inBatches } from './load';

/**
 * The labeling cycle as a worker's browser performs it: GET /next (claims a task and shows it), POST the answers
 * (302 back to /next). Workers first arrive by the crowd link and consent, untimed.
 */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
export const actionOf = (html: string) => /action="(\/work\/studies\/\d+\/tasks\/\d+)"/.exec(html)?.[1];
/** A submission's redirect back to the next task (`/next`, or `/next?saved=1` and the like since issue 17). */
export const isNextPage = (location: string) => /\/next(\?|$)/.test(location);
export const submissionKeyOf = (html: string) => /name="submission_key" value="([^"]+)"/.exec(html)?.[1];

export interface StudyRef {
  studyId: number;
  entryCode: string;
}

/** A well-formed Prolific id (24 hexadecimal characters) for a bench worker. */
export function hexId(seed: string): string {
  return crypto.createHash('sha256').update(seed).digest('hex').slice(0, 24);
}

/** Signs `n` new crowd workers in through the entry link (tag keeps their ids unique) and consents for each. */
export async function enterWorkers(
  bases: string[],
  study: StudyRef,
  n: number,
  tag: string,
): Promise<Client[]> {
  const clients = Array.from({ length: n }, () => new Client(bases));
  await inBatches(
    clients.map((c, i) => ({ c, i })),
    25,
    async ({ c, i }) => {
      const entry = await c.get(
        `/s/${study.entryCode}?PROLIFIC_PID=${hexId(`${tag}w${i}`)}&SESSION_ID=${hexId(`${tag}q${i}`)}`,
      );
      if (entry.status !== 302) throw new Error(`crowd entry answered ${entry.status}`);
      const page = await c.get(`/work/studies/${study.studyId}`);
      const token = csrfOf(page.body);
      if (page.status !== 200 || !token) throw new Error(`consent page answered ${page.status}`);
      const consent = await c.post(`/work/studies/${study.studyId}/consent`, { _csrf: token });
      if (consent.status !== 302) throw new Error(`consent answered ${consent.status}`);
    },
  );
  return clients;
}

export async function labelingCycle(c: Client, studyId: number, answer: string): Promise<void> {
  const page = await c.get(`/work/studies/${studyId}/next`);
  const action = actionOf(page.body);
  const token = csrfOf(page.body);
  const key = submissionKeyOf(page.body);
  if (page.status !== 200 || !action || !token || !key)
    throw new Error(`next answered ${page.status} ${page.location || page.body.slice(0, 80)}`);
  const res = await c.post(action, {
    _csrf: token,
    submission_key: key,
    q_answer: answer,
    q_relevance: '4',
    q_ambiguous: 'no',
  });
  if (res.status !== 302 || !isNextPage(res.location))
    throw new Error(`submit answered ${res.status} ${res.location}`);
}

/** The baseline's cycle: read a random task by primary key, insert an answer. */
export async function baselineCycle(c: Client, user: number, taskCount: number): Promise<void> {
  const id = 1 + Math.floor(Math.random() * taskCount);
  const page = await c.get(`/tasks/${id}`);
  if (page.status !== 200) throw new Error(`baseline task answered ${page.status}`);
  const res = await c.post('/answers', { task_id: String(id), worker: `u${user}`, answer: ' Yes' });
  if (res.status !== 303) throw new Error(`baseline answer answered ${res.status}`);
}

/** Signs `users` clients in to the same-stack baseline (a session each, as crowd workers entering a study). */
export async function enterSameStack(url: string, users: number, firstId: number): Promise<Client[]> {
  const clients = Array.from({ length: users }, () => new Client([url]));
  await inBatches(
    clients.map((c, i) => ({ c, i })),
    20,
    async ({ c, i }) => {
      const res = await c.post('/enter', { worker: String(firstId + i) });
      if (res.status !== 303) throw new Error(`same-stack sign-in answered ${res.status}`);
    },
  );
  return clients;
}

/** The same-stack baseline's cycle: a task page rendered with its CSRF token, then the CSRF-checked answer. */
export async function sameStackCycle(c: Client, taskCount: number): Promise<void> {
  const id = 1 + Math.floor(Math.random() * taskCount);
  const page = await c.get(`/tasks/${id}`);
  const csrf = csrfOf(page.body);
  if (page.status !== 200 || !csrf) throw new Error(`same-stack task answered ${page.status}`);
  const res = await c.post('/answers', { _csrf: csrf, task_id: String(id), answer: ' Yes' });
  if (res.status !== 303) throw new Error(`same-stack answer answered ${res.status}`);
}
