import type { Request, Response } from 'express';

/** Role home pages until their areas land. */
export function homeRoutes() {
  return {
    datasets(_req: Request, res: Response) {
      res.render('datasets/index', { title: 'Datasets', datasets: [] });
    },
  };
}
