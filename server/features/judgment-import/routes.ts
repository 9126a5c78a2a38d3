import type { Request, Response } from 'express';
import type { Config } from '../../config';
import { AppError, ValidationError, UnsupportedMediaTypeError } from '../../errors';
import { receiveFile } from '../../http/file-upload';
import { flash } from '../../http/locals';
import { wantsJson } from '../../http/error-handler';
import type { Services } from '../../services';
import type { ImportSummary } from './service';
import { studyParams } from '../reports/schemas';

/** Judgments gathered elsewhere: the upload form and the streamed multipart upload. */
export function judgmentImportRoutes(services: Services, config: Config) {
  // Streams the one file field of a multipart request into the import; refuses files over the upload limit.
  const receive = (req: Request, studyId: number): Promise<ImportSummary> =>
    receiveFile(req, config.uploadLimitBytes, (upload) =>
      services.judgmentImport.importJudgments(req.user!, studyId, upload),
    );

  return {
    // GET /studies/:id/judgments/import — the upload form, with the file format explained.
    async show(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await services.reports.assertStudyAccess(req.user!, id);
      res.render('judgment-import/import', {
        title: 'Import judgments',
        studyId: id,
        issues: [],
        total: 0,
        message: null,
      });
    },

    // POST /studies/:id/judgments/import — all or nothing; problems re-render the form with 422.
    async upload(req: Request, res: Response) {
      const { id } = studyParams.parse(req.params);
      await services.reports.assertStudyAccess(req.user!, id);
      if (!req.is('multipart/form-data'))
        throw new UnsupportedMediaTypeError('Send the file as multipart/form-data');
      try {
        const summary = await receive(req, id);
        if (wantsJson(req)) return res.status(201).json(summary);
        flash(req, 'info', `Imported ${summary.judgments} judgments from ${summary.workers} workers.`);
        res.redirect(`/studies/${id}/report`);
      } catch (err) {
        if (!(err instanceof ValidationError) || wantsJson(req)) throw err;
        const details = (err.details ?? {}) as { issues?: unknown[]; total?: number };
        res.status(422).render('judgment-import/import', {
          title: 'Import judgments',
          studyId: id,
          message: (err as AppError).message,
          issues: details.issues ?? [],
          total: details.total ?? 0,
        });
      }
    },
  };
}
