import crypto from 'node:crypto';
import request from 'supertest';
import { DEFAULT_TEMPLATE } from '../../server/domain/studies/question-template';
import * as studyData from '../../server/features/studies/repo';
import type { User } from '../../server/features/accounts/types';
import type { RouteInfo } from '../../server/http/list-routes';
import { insertDataset, insertJudgment, insertStudy, insertWorkers } from './factories';
import { createUser, loginAs, type Agent, type TestContext } from './test-app';

/**
 * A small world for authorization tests: researcher A owns two datasets (an LM-written and a human-written one
 * sharing a pairing key) and a study over both, with judgments from two workers; worker W has joined and
 * consented and holds a live reservation; researcher B owns nothing of A's. Distinct marker strings in A's
 * names and in the other worker's comment let tests look for leaks in any response.
 */
export type Persona = 'anonymous' | 'worker' | 'nonOwner' | 'owner' | 'admin';
export const PERSONAS: readonly Persona[] = ['anonymous', 'worker', 'nonOwner', 'owner', 'admin'];

export interface AuthzWorld {
  owner: User;
  nonOwner: User;
  worker: User;
  otherWorker: User;
  admin: User;
  /** A user for admin routes to act on (never one of the personas, so they keep working). */
  target: User;
  datasetId: number;
  humanDatasetId: number;
  exampleRawText: string;
  studyId: number;
  entryCode: string;
  taskId: number;
  pairingKey: string;
  ownerToken: string;
  nonOwnerToken: string;
  markers: { study: string; dataset: string; otherComment: string; otherWorkerId: string };
  agents: Record<Exclude<Persona, 'anonymous'>, Agent>;
  /** A fresh token id of the persona's own, for revoke routes (revoking consumes it). */
  freshTokenId(persona: Persona): Promise<number>;
  /** A fresh active block in A's study, for undo routes (undoing consumes it). */
  freshBlockId(): Promise<number>;
  /** A fresh saved question template: the admin's own for the admin, else A's (deleting consumes it). */
  freshTemplateId(persona: Persona): Promise<number>;
}

export async function buildAuthzWorld(ctx: TestContext): Promise<AuthzWorld> {
  const db = ctx.database.db;
  const [owner, nonOwner, worker, admin, target] = [
    await createUser(ctx, 'researcher'),
    await createUser(ctx, 'researcher'),
    await createUser(ctx, 'worker'),
    await createUser(ctx, 'admin'),
    await createUser(ctx, 'worker'),
  ];
  const otherWorker = await ctx.services.accounts.createAccount({
    email: `other-worker-marker-${process.pid}@test.evalvet`,
    password: 'correct-horse-battery',
    role: 'worker',
  });
  const markers = {
    study: `Secret study MARKER-S-${process.pid}`,
    dataset: `secret-dataset-marker-d-${process.pid}`,
    otherComment: `OTHER-WORKER-COMMENT-${process.pid}`,
    otherWorkerId: otherWorker.email!,
  };
  const pairingKey = 'power-seeking';
  const lm = await insertDataset(db, owner.id, 6, { name: markers.dataset, pairingKey, source: 'lm' });
  const human = await insertDataset(db, owner.id, 4, { pairingKey, source: 'human' });
  const { studyId, entryCode, taskIds } = await insertStudy(db, owner.id, [lm.datasetId, human.datasetId], {
    name: markers.study,
    k: 3,
  });
  await db('studies').where({ id: studyId }).update({ consent_text: 'I agree.', instructions: 'Read.' });
  // Judgments from the other worker on every task, so that reports have something to show.
  for (const taskId of taskIds) {
    await insertJudgment(db, taskId, otherWorker.id, {
      answer: ' Yes',
      relevance: 4,
      ambiguous: false,
      comment: markers.otherComment,
    });
  }
  await studyData.addStudyWorker(db, studyId, worker.id);
  await studyData.recordConsent(db, studyId, worker.id);
  const study = (await studyData.findStudy(db, studyId))!;
  const claim = await ctx.services.assignment.claimNextTask(worker, study);
  if (claim.kind !== 'task') throw new Error(`worker could not claim a task: ${claim.kind}`);
  const example = await db('tasks as t')
    .join('examples as e', 'e.id', 't.example_id')
    .where('t.id', claim.taskId)
    .first('e.raw_text');

  const agents = {
    worker: await loginAs(ctx, worker),
    nonOwner: await loginAs(ctx, nonOwner),
    owner: await loginAs(ctx, owner),
    admin: await loginAs(ctx, admin),
  };
  const userOf: Record<Persona, User> = { anonymous: owner, worker, nonOwner, owner, admin };
  return {
    owner,
    nonOwner,
    worker,
    otherWorker,
    admin,
    target,
    datasetId: lm.datasetId,
    humanDatasetId: human.datasetId,
    exampleRawText: String(example.raw_text),
    studyId,
    entryCode,
    taskId: claim.taskId,
    pairingKey,
    ownerToken: (await ctx.services.apiTokens.createToken(owner, 'owner script')).token,
    nonOwnerToken: (await ctx.services.apiTokens.createToken(nonOwner, 'other script')).token,
    markers,
    agents,
    // A's token for everyone but admins and workers (a non-owner must not be able to revoke it); their own otherwise.
    async freshTokenId(persona) {
      const holder = persona === 'admin' || persona === 'worker' ? userOf[persona] : owner;
      return (await ctx.services.apiTokens.createToken(holder, 'revocable')).record.id;
    },
    async freshTemplateId(persona) {
      const holder = persona === 'admin' ? userOf.admin : owner;
      const name = `Template ${crypto.randomUUID()}`;
      return (await ctx.services.templates.createTemplate(holder, name, DEFAULT_TEMPLATE)).id;
    },
    async freshBlockId() {
      const [blocked] = await insertWorkers(db, 1);
      await studyData.addStudyWorker(db, studyId, blocked!);
      const [row] = await db('worker_blocks')
        .insert({
          study_id: studyId,
          worker_id: blocked,
          blocked_by: owner.id,
          reason: 'test',
          exclude_judgments: false,
        })
        .returning('id');
      return Number(row.id);
    },
  };
}

/** What a path parameter means, from its name or from the path segment before it (`/studies/:id`). */
const BY_NAME: Record<string, keyof ResourceIds> = {
  studyId: 'study',
  datasetId: 'dataset',
  taskId: 'task',
  code: 'code',
  pairingKey: 'pairingKey',
  workerId: 'worker',
  blockId: 'block',
};
const BY_SEGMENT: Record<string, keyof ResourceIds> = {
  studies: 'study',
  datasets: 'dataset',
  tasks: 'task',
  tokens: 'token',
  templates: 'template',
  users: 'user',
  s: 'code',
};

export interface ResourceIds {
  study: number;
  dataset: number;
  task: number;
  code: string;
  pairingKey: string;
  token: number;
  user: number;
  /** A worker in A's study (the other worker, whose judgments are all in). */
  worker: number;
  block: number;
  template: number;
}

/** A's resources in the world, with a fresh token and block where a route consumes one (0 otherwise). */
export function worldIds(world: AuthzWorld, tokenId = 0, blockId = 0, templateId = 0): ResourceIds {
  return {
    study: world.studyId,
    dataset: world.datasetId,
    task: world.taskId,
    code: world.entryCode,
    pairingKey: world.pairingKey,
    token: tokenId,
    user: world.target.id,
    worker: world.otherWorker.id,
    block: blockId,
    template: templateId,
  };
}

/** Path parameters that are positions, not resources (the n-th example of a preview): filled in with 1. */
const ORDINALS = new Set(['n']);

/** Which of A's resources a path refers to, or why it cannot be filled in. */
export function resourceParams(path: string): { kinds: (keyof ResourceIds)[]; unknown: string[] } {
  const kinds: (keyof ResourceIds)[] = [];
  const unknown: string[] = [];
  const segments = path.split('/');
  segments.forEach((seg, i) => {
    if (!seg.startsWith(':')) return;
    const name = seg.slice(1);
    if (ORDINALS.has(name)) return;
    const kind = BY_NAME[name] ?? (name === 'id' ? BY_SEGMENT[segments[i - 1] ?? ''] : undefined);
    if (kind) kinds.push(kind);
    else unknown.push(`${name} in ${path}`);
  });
  return { kinds, unknown };
}

export function fillPath(path: string, ids: ResourceIds): string {
  const segments = path.split('/');
  return segments
    .map((seg, i) => {
      if (!seg.startsWith(':')) return seg;
      const name = seg.slice(1);
      if (ORDINALS.has(name)) return '1';
      const kind = BY_NAME[name] ?? (name === 'id' ? BY_SEGMENT[segments[i - 1] ?? ''] : undefined);
      return kind ? encodeURIComponent(String(ids[kind])) : '0';
    })
    .join('/');
}

/** Sends the route's method with an empty body (and the agent's CSRF token), as a form would. */
export function send(
  agent: Agent | (ReturnType<typeof request.agent> & { csrf?: string }),
  route: RouteInfo,
  url: string,
) {
  const csrf = agent.csrf;
  if (route.method === 'GET') return agent.get(url);
  const method = route.method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete';
  const req = agent[method](url);
  if (csrf) void req.set('x-csrf-token', csrf);
  return req.send({});
}
