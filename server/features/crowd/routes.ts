import crypto from 'node:crypto';
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Services } from '../../services';
import { flash } from '../../http/locals';
import { csvChunks, csvOptions } from '../reports/csv';
import { parseEntryQuery, returnInstruction, type Platform } from '../../domain/crowd/platform-ids';
import { ValidationError } from '../../errors';
import { blockGroupSchema, crowdSettingsSchema } from './schemas';
import { codeFor } from './ending-service';

const DEVICE_COOKIE = 'evalvet_device';
const DEVICE_ID = /^[0-9a-f]{32}$/;
const StudyParam = z.object({ id: z.coerce.number().int().positive() });
const WorkerParams = StudyParam.extend({ workerId: z.coerce.number().int().positive() });

/** The browser's long-lived device id (not a secret: it only links identities that arrive in one browser). */
function deviceIdOf(req: Request, res: Response): string {
  const match = /(?:^|;\s*)evalvet_device=([^;]*)/.exec(req.headers.cookie ?? '');
  const value = match?.[1];
  if (value && DEVICE_ID.test(value)) return value;
  const id = crypto.randomBytes(16).toString('hex');
  res.cookie(DEVICE_COOKIE, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    maxAge: 400 * 24 * 3600 * 1000,
    path: '/',
  });
  return id;
}

/** Crowd entry link: creates or resumes the worker for the platform id, signs them in, and shows the study. */
export function crowdRoutes(services: Services) {
  const { crowd } = services;

  function page(
    res: Response,
    status: number,
    title: string,
    message: string,
    instruction: string | null = null,
  ) {
    res.status(status).render('crowd/entry-refused', { title, message, instruction });
  }

  return {
    /**
     * GET /goodbye: where a crowd worker lands after signing out. They have no password, so the researchers'
     * login page would be a dead end; this says their answers are kept and how to come back.
     */
    goodbye(_req: Request, res: Response) {
      res.render('crowd/goodbye', { title: 'Signed out' });
    },

    async enter(req: Request, res: Response) {
      const study = await crowd.findStudyByEntryCode(String(req.params.code));
      const parsed = parseEntryQuery(req.query as Record<string, unknown>);
      if (parsed.kind === 'invalid') throw new ValidationError(parsed.message);
      // A crowd link never signs out a researcher, an admin or an in-house worker (a GET must not log anyone out).
      if (req.user && (req.user.role !== 'worker' || !req.user.externalSource)) {
        if (parsed.kind === 'none' && req.user.role === 'worker') {
          if (study.state === 'draft')
            return page(res, 409, study.name, 'This study has not opened yet. Please come back later.');
          await crowd.enterSignedIn(study, req.user);
          return res.redirect(`/work/studies/${study.id}`);
        }
        return res
          .status(409)
          .render('crowd/signed-in', { title: 'You are signed in', link: req.originalUrl });
      }
      if (parsed.kind === 'none')
        throw new ValidationError(
          'Open this study from your crowd platform (the link carries your worker id), or sign in first.',
        );
      const { params } = parsed;
      if (study.state === 'draft')
        return page(res, 409, study.name, 'This study has not opened yet. Please come back later.');
      const sessionCrowd = req.session.crowd;
      const outcome = await crowd.enter(study, params, {
        deviceId: deviceIdOf(req, res),
        address: req.ip ?? null,
        sessionExternalId: sessionCrowd?.studyId === study.id ? sessionCrowd.externalId : null,
        newcomersWelcome: study.state === 'open' || study.state === 'paused',
      });
      if (outcome.kind === 'refused')
        return page(res, outcome.status, study.name, outcome.message, returnInstruction(params.source));
      const { user } = outcome;
      if (req.user?.id !== user.id) {
        await new Promise<void>((resolve, reject) =>
          req.login(user, (err) => (err ? reject(err) : resolve())),
        );
      }
      req.session.crowd = {
        studyId: study.id,
        source: params.source,
        externalId: params.externalId,
        sessionId: params.sessionId ?? undefined,
      };
      res.redirect(`/work/studies/${study.id}`);
    },
  };
}

/** The researcher's side: completions for approving on the platform, releasing reservations, linked identities. */
export function crowdResearcherRoutes(services: Services) {
  const { studies, assignment, endings, crowdAdmin } = services;

  async function renderSettings(
    req: Request,
    res: Response,
    studyId: number,
    status = 200,
    form: { values?: Record<string, unknown>; errors?: Record<string, string> } = {},
  ) {
    const study = await studies.getManagedStudy(req.user!, studyId);
    const c = study.crowd;
    res.status(status).render('crowd/settings', {
      title: `Crowd settings: ${study.name}`,
      study,
      values: form.values ?? {
        partialCode: c.partialCode ?? '',
        perWorkerCodes: c.perWorkerCodes,
        requireSignedEntry: c.requireSignedEntry,
        identitiesPerAddressHour: c.identitiesPerAddressHour ?? '',
        maxWaitMinutes: c.maxWaitMinutes,
      },
      errors: form.errors ?? {},
      defaultPartial: codeFor(study, { id: 0, externalId: 'x' } as never, 'partial'),
    });
  }

  return {
    // GET /studies/:id/completions.csv — who was shown which code, for approving and rejecting on the platform.
    async completionsCsv(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      const rows = await endings.completionRows(study.id);
      res.attachment(`study-${study.id}-completions.csv`);
      res.type('text/csv; charset=utf-8');
      const columns = [
        'platform',
        'platform_id',
        'worker_id',
        'session_id',
        'judgments',
        'started_at',
        'finished_at',
        'status',
        'code_shown',
      ] as const;
      const out = rows.map((r) => ({
        ...r,
        judgments: Number(r.judgments),
        started_at: r.started_at.toISOString(),
        finished_at: r.finished_at ? new Date(r.finished_at).toISOString() : '',
        status: r.status ?? 'in-progress',
      }));
      // What the status values mean is in the README and the export sidecar; the file itself is rows only.
      for await (const chunk of csvChunks(out, columns, csvOptions(req.query))) res.write(chunk);
      res.end();
    },

    // POST /studies/:id/reservations/release — every expired reservation back to the pool.
    async releaseStale(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      const n = await assignment.releaseStale(study.id);
      flash(req, 'info', `${n} expired reservation${n === 1 ? '' : 's'} returned to the pool.`);
      res.redirect(`/studies/${study.id}`);
    },

    // POST /studies/:id/workers/:workerId/release — every reservation this worker holds back to the pool.
    async releaseWorker(req: Request, res: Response) {
      const { id, workerId } = WorkerParams.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      const n = await assignment.releaseWorker(study.id, workerId);
      flash(req, 'info', `${n} reservation${n === 1 ? '' : 's'} of this worker returned to the pool.`);
      res.redirect(`/studies/${study.id}/workers/${workerId}`);
    },

    // GET /studies/:id/identities — identities linked by address, and entries refused.
    async identities(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      res.render('crowd/identities', {
        title: `Identities: ${study.name}`,
        study,
        groups: await crowdAdmin.addressGroups(study),
        flags: await crowdAdmin.identityFlags(study),
      });
    },

    // POST /studies/:id/identities/block — block every identity that arrived from one address.
    async blockGroup(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      const form = blockGroupSchema.safeParse(req.body);
      if (!form.success) throw new ValidationError(`Blocking a group: ${form.error.issues[0]!.message}`);
      const n = await crowdAdmin.blockAddressGroup(req.user!, study, form.data);
      flash(req, 'info', `${n} linked identit${n === 1 ? 'y' : 'ies'} blocked.`);
      res.redirect(`/studies/${study.id}/identities`);
    },

    // GET /studies/:id/crowd — codes, entry checks and waiting.
    async showSettings(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      await renderSettings(req, res, id);
    },

    // POST /studies/:id/crowd
    async saveSettings(req: Request, res: Response) {
      const { id } = StudyParam.parse(req.params);
      const study = await studies.getManagedStudy(req.user!, id);
      const parsed = crowdSettingsSchema.safeParse(req.body);
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
        return renderSettings(req, res, id, 422, { values: req.body as Record<string, unknown>, errors });
      }
      await crowdAdmin.updateSettings(study, parsed.data);
      flash(req, 'info', 'Crowd settings saved.');
      res.redirect(`/studies/${study.id}/crowd`);
    },
  };
}

export type { Platform };
