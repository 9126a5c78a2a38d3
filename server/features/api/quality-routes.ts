import type { Request, Response } from 'express';
import type { Services } from '../../services';
import { pageOf } from './paging';
import { iso, type BlockAnswer, type GoldItemAnswer } from './responses';

type BlockRow = Awaited<ReturnType<Services['quality']['listBlocks']>>[number];
type GoldRow = Awaited<ReturnType<Services['goldItems']['listItems']>>[number];

function blockJson(b: BlockRow): BlockAnswer {
  return {
    id: Number(b.id),
    workerId: Number(b.worker_id),
    reason: b.reason,
    excluded: b.exclude_judgments,
    excludedCount: Number(b.excluded_count),
    blockedBy: b.blocked_by_email,
    blockedAt: iso(b.created_at),
    undoneBy: b.undone_by_email,
    undoneAt: iso(b.undone_at),
    restoredCount: b.restored_count === null ? null : Number(b.restored_count),
  };
}

function goldJson(g: GoldRow): GoldItemAnswer {
  return {
    id: Number(g.id),
    kind: g.kind,
    purpose: g.purpose,
    expected: g.expected,
    instruction: g.instruction,
    dataset: g.slug,
    position: Number(g.position),
    served: Number(g.served ?? 0),
    correct: Number(g.right ?? 0),
  };
}
import { BlockBody, BlockParams, GoldBody, PageQuery, StudyParams, WorkerParams } from './schemas';

/**
 * A study's workers over the JSON API, as on its workers page: figures per worker, blocking (optionally
 * excluding past judgments) and undoing a block, and gold / qualification / honeypot / attention items.
 * Owner or admin only, since it shows workers' e-mails and platform ids.
 */
export function apiQualityRoutes(services: Services) {
  const managed = async (req: Request) => {
    const { id } = StudyParams.parse(req.params);
    return services.studies.getManagedStudy(req.user!, id);
  };

  return {
    /** GET /api/v1/studies/:id/workers: every worker who judged, with their figures and any active block. */
    async workers(req: Request, res: Response) {
      const study = await managed(req);
      const query = PageQuery.parse(req.query);
      const page = pageOf(await services.quality.workerTable(study), query, (w) => w.workerId);
      res.json({ workers: page.items, nextCursor: page.nextCursor });
    },

    /** POST /api/v1/studies/:id/workers/:workerId/block: blocks the worker; 201 with the block's id. */
    async block(req: Request, res: Response) {
      const study = await managed(req);
      const { workerId } = WorkerParams.parse(req.params);
      const form = BlockBody.parse(req.body ?? {});
      const blockId = await services.quality.blockWorker(req.user!, study, workerId, form);
      res.status(201).json({ block: { id: blockId, workerId, reason: form.reason, excluded: form.exclude } });
    },

    /** GET /api/v1/studies/:id/blocks: every block of the study, undone ones included, newest first. */
    async blocks(req: Request, res: Response) {
      const study = await managed(req);
      const query = PageQuery.parse(req.query);
      const page = pageOf(await services.quality.listBlocks(study), query, (b) => Number(b.id));
      res.json({ blocks: page.items.map(blockJson), nextCursor: page.nextCursor });
    },

    /** POST /api/v1/studies/:id/blocks/:blockId/undo: lifts the block; says how many judgments count again. */
    async undo(req: Request, res: Response) {
      const study = await managed(req);
      const { blockId } = BlockParams.parse(req.params);
      res.json(await services.quality.undoBlock(req.user!, study, blockId));
    },

    /** GET /api/v1/studies/:id/gold: the study's gold, qualification, honeypot and attention items. */
    async goldItems(req: Request, res: Response) {
      const study = await managed(req);
      const query = PageQuery.parse(req.query);
      const page = pageOf(await services.goldItems.listItems(study), query, (g) => Number(g.id));
      res.json({ items: page.items.map(goldJson), nextCursor: page.nextCursor });
    },

    /** POST /api/v1/studies/:id/gold: adds items from lines, all or nothing (422 lists each bad line). */
    async addGold(req: Request, res: Response) {
      const study = await managed(req);
      const { lines } = GoldBody.parse(req.body ?? {});
      const added = await services.goldItems.addFromText(req.user!, study, lines);
      res.status(201).json({ added });
    },
  };
}
