import type { Request, Response } from 'express';
import { z } from 'zod';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { BlockForm } from './service';
import { ValidationError } from '../../errors';

const Params = z.object({ id: z.coerce.number().int().positive() });
const WorkerParams = Params.extend({ workerId: z.coerce.number().int().positive() });
const BlockParams = Params.extend({ blockId: z.coerce.number().int().positive() });

/**
 * The study's worker page: statistics per worker with outliers flagged, gold / honeypot / attention items,
 * blocking (optionally excluding past judgments) and the record of every block, which can be undone. Only the
 * study's owner and admins see it, since it shows workers' e-mails and platform ids.
 */
export function workerQualityRoutes(services: Services) {
  async function render(
    req: Request,
    res: Response,
    status: number,
    goldError: { message: string; issues: unknown[] } | null,
  ) {
    const { id } = Params.parse(req.params);
    const study = await services.studies.getManagedStudy(req.user!, id);
    const [workers, blocks, goldItems] = await Promise.all([
      services.quality.workerTable(study),
      services.quality.listBlocks(study),
      services.goldItems.listItems(study),
    ]);
    res.status(status).render('quality/workers', {
      title: `Workers · ${study.name}`,
      study,
      workers,
      blocks,
      goldItems,
      goldError,
    });
  }

  return {
    show: (req: Request, res: Response) => render(req, res, 200, null),

    /** Adds gold, qualification, honeypot and attention items from pasted lines; all or nothing. */
    async addGold(req: Request, res: Response) {
      const { id } = Params.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const lines = z
        .string()
        .max(200_000)
        .parse(req.body.lines ?? '');
      try {
        const n = await services.goldItems.addFromText(req.user!, study, lines);
        flash(req, 'info', `${n} item(s) added.`);
        res.redirect(`/studies/${id}/quality`);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        await render(req, res, 422, {
          message: err.message,
          issues: (err.details as { issues: unknown[] }).issues,
        });
      }
    },

    /** Makes honeypots (label-flipped copies with a known answer) from the study's own examples. */
    async addHoneypots(req: Request, res: Response) {
      const { id } = Params.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const count = z.coerce.number().int().min(1).max(200).parse(req.body.count);
      const n = await services.goldItems.addHoneypots(req.user!, study, count);
      flash(req, 'info', `${n} honeypot(s) made.`);
      res.redirect(`/studies/${id}/quality`);
    },

    /** One worker's page: their figures, every judgment beside the other workers' answers, checks and blocks. */
    async worker(req: Request, res: Response) {
      const { id, workerId } = WorkerParams.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const detail = await services.quality.workerDetail(study, workerId);
      const who = detail.user.email ?? `${detail.user.external_source}:${detail.user.external_id}`;
      res.render('quality/worker', {
        title: `${who} · ${study.name}`,
        study,
        who,
        releaseWorkerId: workerId,
        ...detail,
      });
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
      const excluded = 'Worker blocked; their judgments are excluded and those examples go back to the pool.';
      flash(req, 'info', form.data.exclude ? excluded : 'Worker blocked.');
      res.redirect(`/studies/${id}/quality`);
    },

    async undo(req: Request, res: Response) {
      const { id, blockId } = BlockParams.parse(req.params);
      const study = await services.studies.getManagedStudy(req.user!, id);
      const { restored, notRestored } = await services.quality.undoBlock(req.user!, study, blockId);
      const kept = notRestored
        ? `; ${notRestored} stay excluded because others have since judged those examples`
        : '';
      flash(req, 'info', `Block undone. ${restored} judgment(s) count again${kept}.`);
      res.redirect(`/studies/${id}/quality`);
    },
  };
}
