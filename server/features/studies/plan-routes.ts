import type { Request, Response } from 'express';
import { z } from 'zod';
import { planStudy } from '../../domain/studies/planner';
import { issuesByField } from '../../domain/studies/format-issues';

/** The planner's inputs, as percentages and counts the way researchers think of them (GET: nothing changes). */
const PlanQuery = z
  .object({
    halfWidth: z.coerce
      .number('must be a number')
      .gt(0, 'must be above 0')
      .max(50, 'must be at most 50')
      .default(5),
    labelAgreement: z.coerce.number('must be a number').min(50, 'must be at least 50').max(99.9).default(95),
    judgmentAgreement: z.coerce
      .number('must be a number')
      .min(50, 'must be at least 50')
      .max(100)
      .default(95),
    datasets: z.coerce
      .number('must be a number')
      .int('must be a whole number')
      .min(1)
      .max(10_000)
      .default(10),
    price: z.coerce.number('must be a number').min(0).max(1000).default(0.1),
    fixedK: z.coerce.number().int('must be a whole number').min(1).max(20).default(3),
    kMin: z.coerce.number().int('must be a whole number').min(1).max(19).default(2),
    kMax: z.coerce.number().int('must be a whole number').min(2).max(20).default(3),
    agree: z.coerce.number().int('must be a whole number').min(1).max(20).default(2),
  })
  .refine((q) => q.kMax > q.kMin, { path: ['kMax'], message: 'must be more than the first judgments' })
  .refine((q) => q.agree <= q.kMax, { path: ['agree'], message: 'must be at most the maximum' });

/** GET /studies/plan — examples, judgments and cost for a target interval, fixed k against adaptive overlap. */
export function planRoutes() {
  return {
    async plan(req: Request, res: Response) {
      const values = Object.fromEntries(
        Object.entries(req.query).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
      );
      const parsed = PlanQuery.safeParse(values);
      if (!parsed.success) {
        res.status(422).render('studies/plan', {
          title: 'Plan a study',
          values,
          errors: issuesByField(parsed.error.issues),
          plan: null,
        });
        return;
      }
      const q = parsed.data;
      const plan = planStudy({
        halfWidth: q.halfWidth / 100,
        labelAgreement: q.labelAgreement / 100,
        judgmentAgreement: q.judgmentAgreement / 100,
        datasets: q.datasets,
        pricePerJudgment: q.price,
        fixedK: q.fixedK,
        adaptive: { kMin: q.kMin, kMax: q.kMax, agree: q.agree },
      });
      res.render('studies/plan', { title: 'Plan a study', values: q, errors: {}, plan });
    },
  };
}
