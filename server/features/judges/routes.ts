import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request, Response } from 'express';
import type { Config } from '../../config';
import { AppError, UnsupportedMediaTypeError, ValidationError } from '../../errors';
import { receiveFile } from '../../http/file-upload';
import { flash } from '../../http/locals';
import { wantsJson } from '../../http/error-handler';
import type { Services } from '../../services';
import { csvOptions } from '../reports/csv';
import { fmt } from '../reports/format';
import { studyParams } from '../reports/schemas';
import { parseJudgeIds } from './schemas';
import { judgesView } from './view-model';

/** Model judges beside people: the judges page, the import form and upload, the judges CSV. */
export function judgesRoutes(services: Services, config: Config) {
  const judges = services.judges;
  const renderImport = (res: Response, studyId: number, status = 200, err?: ValidationError) => {
    const details = (err?.details ?? {}) as { issues?: unknown[]; total?: number };
    res.status(status).render('judges/import', {
      title: 'Import model judgments',
      studyId,
      message: err ? (err as AppError).message : null,
      issues: details.issues ?? [],
      total: details.total ?? 0,
    });
  };

  return {
    // GET /studies/:id/judges — each judge against people per dataset and pooled, with the verdict sentence.
    async show(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const page = await judges.buildJudgesPage(req.user!, id, parseJudgeIds(req.query));
      res.render('judges/show', { title: `Judges: ${page.study.name}`, fmt, ...judgesView(page) });
    },

    // GET /studies/:id/judges/import — the upload form, with the file format explained.
    async showImport(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await services.reports.assertStudyAccess(req.user!, id);
      renderImport(res, id);
    },

    // POST /studies/:id/judges/import and /api/v1/studies/:id/model-judgments — all or nothing; a new version
    // of each judge the file names. Problems re-render the form with 422 (JSON clients get the issues).
    async upload(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await services.reports.assertStudyAccess(req.user!, id);
      if (!req.is('multipart/form-data'))
        throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
      try {
        const summary = await receiveFile(req, config.uploadLimitBytes, (upload) =>
          judges.importModelJudgments(req.user!, id, upload),
        );
        if (wantsJson(req)) return res.status(201).json(summary);
        const names = summary.judges.map((j) => `${j.name} (version ${j.version})`).join(', ');
        flash(req, 'info', `Imported ${summary.judgments} model judgments: ${names}.`);
        res.redirect(`/studies/${id}/judges`);
      } catch (err) {
        if (!(err instanceof ValidationError) || wantsJson(req)) throw err;
        renderImport(res, id, 422, err);
      }
    },

    // GET /studies/:id/judges.csv — every example with the human verdict and each judge's answer.
    async csv(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      const download = await judges.exportCsv(req.user!, id, parseJudgeIds(req.query), csvOptions(req.query));
      res.attachment(download.filename);
      res.type(download.contentType);
      res.set(download.headers);
      await pipeline(Readable.from(download.body), res);
    },
  };
}
