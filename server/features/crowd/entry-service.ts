import type { Knex } from 'knex';
import type { Study } from '../studies/types';
import type { StudiesService } from '../studies/service';
import type { AccountsService } from '../accounts/service';
import type { User } from '../accounts/types';
import { NotFoundError } from '../../errors';
import { verifyEntrySignature } from '../../domain/crowd/codes';
import type { CrowdEntryParams } from '../../domain/crowd/platform-ids';
import * as crowd from './repo';

/**
 * Crowd entry: a study's link, opened from Prolific (`PROLIFIC_PID`, `STUDY_ID`, `SESSION_ID`) or MTurk
 * (`workerId`, `assignmentId`), creates or resumes a passwordless worker identity for that platform id and joins
 * it to the study. The same id always maps to the same worker, so a returning worker resumes where they stopped.
 *
 * An id in a URL proves nothing, so a new identity is admitted only if
 * - the link is signed when the study requires it (`sig`, an HMAC of the id with the study's secret);
 * - no other identity of this study arrived in the same browser (the device cookie; a unique index backs it);
 * - its address has not brought the study's limit of new identities in the last hour.
 * Refusals are recorded as identity flags, which the workers page shows.
 */
export interface EntryContext {
  deviceId: string;
  address: string | null;
  /** The crowd identity this browser's session already has in this study, if any. */
  sessionExternalId: string | null;
  /** Whether the study takes new identities (open or paused); a closed one admits only returning workers. */
  newcomersWelcome: boolean;
}

export type EntryOutcome =
  | { kind: 'entered'; user: User }
  | {
      kind: 'refused';
      status: 403 | 409 | 429;
      reason: crowd.IdentityFlagReason | 'disabled' | 'closed';
      message: string;
    };

const SAME_BROWSER =
  'This browser has already taken part in this study under another worker id. Each person takes part once, with one id; continue with the id you started with.';

export interface CrowdEntryDeps {
  db: Knex;
  studies: StudiesService;
  accounts: AccountsService;
}

export function createCrowdEntryService(deps: CrowdEntryDeps) {
  const { db, studies, accounts } = deps;
  async function refuse(
    study: Study,
    params: CrowdEntryParams,
    ctx: EntryContext,
    reason: crowd.IdentityFlagReason,
    linkedWorkerId: number | null,
  ): Promise<EntryOutcome> {
    await crowd.flagIdentity(db, {
      studyId: study.id,
      linkedWorkerId,
      source: params.source,
      externalId: params.externalId,
      reason,
      address: ctx.address,
      deviceId: ctx.deviceId,
    });
    if (reason === 'same-browser') return { kind: 'refused', status: 409, reason, message: SAME_BROWSER };
    if (reason === 'address-throttle')
      return {
        kind: 'refused',
        status: 429,
        reason,
        message:
          'Too many new worker ids have joined this study from your network in the last hour. Please try again later.',
      };
    return {
      kind: 'refused',
      status: 403,
      reason,
      message: 'This study link is not signed for this worker id. Open the study from the crowd platform.',
    };
  }

  return {
    async findStudyByEntryCode(code: string): Promise<Study> {
      const study = await studies.findByEntryCode(code);
      if (!study) throw new NotFoundError('This study link is not valid.');
      return study;
    },

    /** Finds or creates the crowd worker and joins them to the study, or says why not (and flags it). */
    async enter(study: Study, params: CrowdEntryParams, ctx: EntryContext): Promise<EntryOutcome> {
      const signed =
        params.signature !== null &&
        verifyEntrySignature(study.codeSecret, params.externalId, params.signature);
      if ((params.signature !== null || study.crowd.requireSignedEntry) && !signed)
        return refuse(study, params, ctx, 'bad-signature', null);
      if (ctx.sessionExternalId !== null && ctx.sessionExternalId !== params.externalId)
        return refuse(study, params, ctx, 'same-browser', null);

      const existing = await accounts.findCrowdWorker(params.source, params.externalId);
      if (existing?.disabled)
        return {
          kind: 'refused',
          status: 403,
          reason: 'disabled',
          message: 'This worker id cannot take part in studies.',
        };
      const member = existing ? await crowd.isMember(db, study.id, existing.id) : false;
      if (!member && !ctx.newcomersWelcome)
        return { kind: 'refused', status: 409, reason: 'closed', message: 'This study has closed.' };
      const other = await crowd.otherIdentityOnDevice(db, study.id, ctx.deviceId, existing?.id ?? null);
      if (other !== undefined) return refuse(study, params, ctx, 'same-browser', other);
      if (!member && ctx.address !== null && study.crowd.identitiesPerAddressHour !== null) {
        const recent = await crowd.identitiesFromAddress(db, study.id, ctx.address);
        if (recent >= study.crowd.identitiesPerAddressHour)
          return refuse(study, params, ctx, 'address-throttle', null);
      }

      // Two tabs opening the link at once get the same worker (createCrowdWorker handles the race).
      const user = existing ?? (await accounts.createCrowdWorker(params.source, params.externalId));
      try {
        await crowd.joinStudy(db, {
          studyId: study.id,
          workerId: user.id,
          sessionId: params.sessionId,
          deviceId: member ? null : ctx.deviceId,
          address: ctx.address,
        });
      } catch (err) {
        // The unique (study, device) index: another identity joined from this browser a moment ago.
        if ((err as { code?: string }).code === '23505')
          return refuse(study, params, ctx, 'same-browser', null);
        throw err;
      }
      return { kind: 'entered', user };
    },

    /** A signed-in in-house worker following the link joins the study as themselves. */
    async enterSignedIn(study: Study, user: User): Promise<void> {
      await studies.addWorker(study.id, user.id);
    },

    recordConsent: (studyId: number, workerId: number) => studies.recordConsent(studyId, workerId),
    listStudiesForWorker: (workerId: number) => studies.listForWorker(workerId),
  };
}

export type CrowdEntryService = ReturnType<typeof createCrowdEntryService>;
