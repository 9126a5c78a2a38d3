import type { Request, Response } from 'express';
import { z } from 'zod';
import { AppError } from '../../errors';
import { flash } from '../../http/locals';
import type { Services } from '../../services';
import { balanceText, CATEGORIES, histogramBars, labelBalance, pageLinks } from './view-model';

/** Dataset pages for researchers (their own) and admins (all): the list, one dataset, its metadata edits. */
const IdParams = z.object({ id: z.coerce.number().int().positive() });
const ShowQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1_000_000).catch(1).default(1),
});

export function datasetRoutes(services: Services) {
  async function renderShow(req: Request, res: Response, status: number, extra: object = {}) {
    const { id } = IdParams.parse(req.params);
    const query = ShowQuery.parse(req.query);
    const shown = await services.datasets.showDataset(req.user!, id, {
      q: query.q || undefined,
      page: query.page,
    });
    const d = shown.dataset;
    res.status(status).render('datasets/show', {
      title: d.name,
      dataset: d,
      balance: labelBalance(d),
      histogram: histogramBars(shown.histogram),
      examples: shown.examples.rows,
      total: shown.examples.total,
      q: query.q ?? '',
      pager: pageLinks(`/datasets/${id}`, query.q, query.page, shown.pageSize, shown.examples.total),
      duplicates: shown.duplicates,
      categories: CATEGORIES,
      values: { ...d, pairingKey: d.pairingKey ?? '' },
      errors: {},
      message: null,
      ...extra,
    });
  }

  return {
    /** GET /datasets: every visible dataset with size, category, source, label balance and pair. */
    async list(req: Request, res: Response) {
      const datasets = await services.datasets.listDatasets(req.user!);
      const rows = datasets.map((d) => ({ ...d, balance: balanceText(d) }));
      res.render('datasets/index', { title: 'Datasets', datasets: rows });
    },

    /** GET /datasets/:id: metadata form, label balance, histogram, duplicates and a searchable page of examples. */
    show: (req: Request, res: Response) => renderShow(req, res, 200),

    /** POST /datasets/:id: metadata edits; 422 with the values on a bad one, else back to the page. */
    async update(req: Request, res: Response) {
      const { id } = IdParams.parse(req.params);
      const body = req.body as Record<string, string>;
      // "other" with the box left blank keeps the category "custom" (what files outside the known folders get).
      const custom = body.categoryCustom?.trim() ? body.categoryCustom : 'custom';
      const input = { ...body, category: body.category === 'custom' ? custom : body.category };
      try {
        await services.datasets.updateDataset(req.user!, id, input);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 422) throw err;
        const fields = (err.details as { fields?: Record<string, string> } | undefined)?.fields ?? {};
        return renderShow(req, res, 422, { values: body, errors: fields, message: err.message });
      }
      flash(req, 'info', 'Dataset details saved.');
      res.redirect(303, `/datasets/${id}`);
    },
  };
}
