import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../middleware/locals';
import type { Services } from '../services';
import { BlockForm } from '../services/worker-quality';

const Params = z.object({ id: z.coerce.number().int().positive() });
const WorkerParams = Params.extend({ workerId: z.coerce.number().int().positive() });
const BlockParams = Params.extend({ blockId: z.coerce.number().int().positive() });

/**
 * The study's worker page: statistics per worker with outliers flagged, blocking (optionally excluding past
 * judgments) and the record of every block, which can be undone. Only the study's owner and admins see it,
 * since it shows workers' e-mails and platform ids.
 */
export function workerQualityRoutes(services: Services) {
  return {
    async show(req: Request, res: Response) {
      const { id } = Params.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const [workers, blocks] = await Promise.all([
        services.quality.workerTable(study),
        services.quality.listBlocks(study),
      ]);
      res.render('studies/quality', { title: `Workers · ${study.name}`, study, workers, blocks });
    },

    async block(req: Request, res: Response) {
      const { id, workerId } = WorkerParams.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const form = BlockForm.safeParse(req.body);
      if (!form.success) {
        flash(req, 'error', `Not blocked: ${form.error.issues[0]!.message}`);
        return res.redirect(`/studies/${id}/quality`);
      }
      await services.quality.blockWorker(req.user!, study, workerId, form.data);
      flash(
        req,
        'info',
        form.data.exclude
          ? 'Worker blocked; their judgments are excluded and those examples go back to the pool.'
          : 'Worker blocked.',
      );
      res.redirect(`/studies/${id}/quality`);
    },

    async undo(req: Request, res: Response) {
      const { id, blockId } = BlockParams.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const { restored, notRestored } = await services.quality.undoBlock(req.user!, study, blockId);
      flash(
        req,
        'info',
        `Block undone. ${restored} judgment(s) count again${notRestored ? `; ${notRestored} stay excluded because others have since judged those examples` : ''}.`,
      );
      res.redirect(`/studies/${id}/quality`);
    },
  };
}
