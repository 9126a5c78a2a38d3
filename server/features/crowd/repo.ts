import type { Knex } from 'knex';
import type { Ending } from '../../domain/crowd/ending';

/**
 * Crowd identities in a study: the browser (device cookie) and address each identity arrived from, the entries
 * refused for them, and the endings (which code each worker was shown).
 */
export type IdentityFlagReason = 'same-browser' | 'address-throttle' | 'bad-signature';

/** Another identity of this study that arrived in the same browser, if any. */
export async function otherIdentityOnDevice(
  db: Knex,
  studyId: number,
  deviceId: string,
  workerId: number | null,
): Promise<number | undefined> {
  const q = db('study_workers').where({ study_id: studyId, device_id: deviceId });
  if (workerId !== null) void q.whereNot('worker_id', workerId);
  const row = await q.first('worker_id');
  return row ? Number(row.worker_id) : undefined;
}

/** New identities that joined the study from this address in the last hour. */
export async function identitiesFromAddress(db: Knex, studyId: number, address: string): Promise<number> {
  const row = await db('study_workers')
    .where({ study_id: studyId, entry_address: address })
    .andWhere('created_at', '>', db.raw("now() - interval '1 hour'"))
    .count('* as n')
    .first();
  return Number(row?.n ?? 0);
}

/** Whether the worker already belongs to the study (a returning identity is never throttled). */
export async function isMember(db: Knex, studyId: number, workerId: number): Promise<boolean> {
  return !!(await db('study_workers').where({ study_id: studyId, worker_id: workerId }).first('worker_id'));
}

/** Joins the worker to the study, keeping where they first came from. */
export async function joinStudy(
  db: Knex,
  p: {
    studyId: number;
    workerId: number;
    sessionId: string | null;
    deviceId: string | null;
    address: string | null;
  },
): Promise<void> {
  await db('study_workers')
    .insert({
      study_id: p.studyId,
      worker_id: p.workerId,
      external_session_id: p.sessionId,
      device_id: p.deviceId,
      entry_address: p.address,
    })
    .onConflict(['study_id', 'worker_id'])
    .merge({
      ...(p.sessionId ? { external_session_id: p.sessionId } : {}),
      device_id: db.raw('coalesce(study_workers.device_id, excluded.device_id)'),
      entry_address: db.raw('coalesce(study_workers.entry_address, excluded.entry_address)'),
    });
}

export async function flagIdentity(
  db: Knex,
  f: {
    studyId: number;
    linkedWorkerId: number | null;
    source: string;
    externalId: string;
    reason: IdentityFlagReason;
    address: string | null;
    deviceId: string | null;
  },
): Promise<void> {
  await db('identity_flags').insert({
    study_id: f.studyId,
    linked_worker_id: f.linkedWorkerId,
    source: f.source,
    external_id: f.externalId.slice(0, 128),
    reason: f.reason,
    address: f.address,
    device_id: f.deviceId,
  });
}

/** Records (or refreshes) the ending a worker was shown; the latest one is what the platform should see. */
export async function recordEnding(
  db: Knex,
  e: {
    studyId: number;
    workerId: number;
    status: Ending | 'screened-out';
    code: string | null;
    judgments: number;
  },
): Promise<void> {
  await db('completions')
    .insert({
      study_id: e.studyId,
      worker_id: e.workerId,
      status: e.status,
      code: e.code,
      judgments: e.judgments,
    })
    .onConflict(['study_id', 'worker_id'])
    .merge({ status: e.status, code: e.code, judgments: e.judgments, last_shown_at: db.fn.now() });
}

export interface CompletionRow {
  platform: string | null;
  platform_id: string | null;
  worker_id: string;
  session_id: string | null;
  judgments: string | number;
  started_at: Date;
  finished_at: Date | null;
  status: string | null;
  code_shown: string | null;
}

/** Every worker who joined the study, with their judgments and the ending they were shown (none yet: null). */
export function completionRows(db: Knex, studyId: number): Promise<CompletionRow[]> {
  return db('study_workers as w')
    .join('users as u', 'u.id', 'w.worker_id')
    .leftJoin('completions as c', function () {
      this.on('c.study_id', 'w.study_id').andOn('c.worker_id', 'w.worker_id');
    })
    .where('w.study_id', studyId)
    .select(
      'u.external_source as platform',
      'u.external_id as platform_id',
      'w.worker_id',
      'w.external_session_id as session_id',
      db.raw(
        '(SELECT count(*) FROM judgments j WHERE j.study_id = w.study_id AND j.worker_id = w.worker_id AND NOT j.excluded) AS judgments',
      ),
      'w.created_at as started_at',
      db.raw(
        'coalesce(c.last_shown_at, (SELECT max(j.created_at) FROM judgments j WHERE j.study_id = w.study_id AND j.worker_id = w.worker_id)) AS finished_at',
      ),
      'c.status',
      'c.code as code_shown',
    )
    .orderBy('w.created_at')
    .orderBy('w.worker_id');
}

export interface LinkedIdentity {
  worker_id: string;
  platform_id: string | null;
  link: 'same-browser' | 'same-address';
}

/** Identities in the study that share this worker's browser or entry address. */
export async function linkedIdentities(
  db: Knex,
  studyId: number,
  workerId: number,
): Promise<LinkedIdentity[]> {
  const { rows } = await db.raw<{ rows: LinkedIdentity[] }>(
    `SELECT o.worker_id, u.external_id AS platform_id,
            CASE WHEN o.device_id = me.device_id THEN 'same-browser' ELSE 'same-address' END AS link
       FROM study_workers me
       JOIN study_workers o ON o.study_id = me.study_id AND o.worker_id <> me.worker_id
        AND ((me.device_id IS NOT NULL AND o.device_id = me.device_id)
          OR (me.entry_address IS NOT NULL AND o.entry_address = me.entry_address))
       JOIN users u ON u.id = o.worker_id
      WHERE me.study_id = ? AND me.worker_id = ?
      ORDER BY o.worker_id`,
    [studyId, workerId],
  );
  return rows;
}

/** Entries refused in the study, newest first. */
export function identityFlags(db: Knex, studyId: number, limit = 200) {
  return db('identity_flags')
    .where({ study_id: studyId })
    .orderBy('id', 'desc')
    .limit(limit)
    .select('id', 'linked_worker_id', 'source', 'external_id', 'reason', 'address', 'created_at');
}

export async function updateCrowdSettings(
  db: Knex,
  studyId: number,
  s: {
    partialCode: string | null;
    perWorkerCodes: boolean;
    requireSignedEntry: boolean;
    identitiesPerAddressHour: number | null;
    maxWaitMinutes: number;
  },
): Promise<void> {
  await db('studies').where({ id: studyId }).update({
    partial_code: s.partialCode,
    per_worker_codes: s.perWorkerCodes,
    require_signed_entry: s.requireSignedEntry,
    identities_per_address_hour: s.identitiesPerAddressHour,
    max_wait_minutes: s.maxWaitMinutes,
  });
}

export interface AddressGroup {
  address: string;
  workers: { worker_id: string; platform_id: string | null; blocked: boolean }[];
}

/** Identities of the study that arrived from one address, where more than one did. */
export async function addressGroups(db: Knex, studyId: number): Promise<AddressGroup[]> {
  const { rows } = await db.raw<{ rows: AddressGroup[] }>(
    `SELECT w.entry_address AS address,
            json_agg(json_build_object('worker_id', w.worker_id, 'platform_id', u.external_id,
              'blocked', EXISTS (SELECT 1 FROM worker_blocks b WHERE b.study_id = w.study_id
                                   AND b.worker_id = w.worker_id AND b.undone_at IS NULL))
                     ORDER BY w.worker_id) AS workers
       FROM study_workers w JOIN users u ON u.id = w.worker_id
      WHERE w.study_id = ? AND w.entry_address IS NOT NULL
      GROUP BY w.entry_address HAVING count(*) > 1
      ORDER BY count(*) DESC, w.entry_address`,
    [studyId],
  );
  return rows;
}

export async function workersFromAddress(db: Knex, studyId: number, address: string): Promise<number[]> {
  const rows = await db('study_workers')
    .where({ study_id: studyId, entry_address: address })
    .select('worker_id');
  return rows.map((r: { worker_id: string }) => Number(r.worker_id));
}
