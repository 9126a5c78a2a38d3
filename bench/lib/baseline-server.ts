import http from 'node:http';
import express from 'express';
import pg from 'pg';

/**
 * The baseline: the least a web server can do per labeling step on this machine. Express with a urlencoded body
 * parser and a pg pool; GET /tasks/:id is one primary-key SELECT rendered as a small page, POST /answers one
 * INSERT answered with a redirect. No sessions, no CSRF, no templates. Tables: bench/lib/seed.ts.
 */
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
});
const app = express();
app.use(express.urlencoded({ extended: false }));

app.get('/tasks/:id', async (req, res) => {
  const { rows } = await pool.query<{ id: string; question: string }>(
    'SELECT id, question FROM baseline_tasks WHERE id = $1',
    [Number(req.params.id)],
  );
  if (!rows[0]) return res.status(404).send('no such task');
  res.send(`<!doctype html><p>${rows[0].question}</p><form method="post" action="/answers"></form>`);
});

app.post('/answers', async (req, res) => {
  const body = req.body as Record<string, string>;
  await pool.query('INSERT INTO baseline_answers (task_id, worker, answer) VALUES ($1, $2, $3)', [
    Number(body.task_id),
    String(body.worker),
    String(body.answer),
  ]);
  res.redirect(303, '/tasks/next');
});

const server = http.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`baseline running at http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
