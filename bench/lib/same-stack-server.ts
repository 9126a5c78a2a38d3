import http from 'node:http';
import path from 'node:path';
import express from 'express';
import session from 'express-session';
import connectPgSimple from 'connect-pg-simple';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { csrfSync } from 'csrf-sync';
import pg from 'pg';

/**
 * The same-stack baseline (issue 22, target 2): the least a labeling step can cost on evalvet's own stack.
 * Express, express-session over a PostgreSQL store (connect-pg-simple), Passport sessions, synchroniser-token
 * CSRF (csrf-sync, as the app), an EJS template rendered per page; per cycle one primary-key SELECT
 * (GET /tasks/:id) and one INSERT (POST /answers, CSRF-checked, answered with a redirect). Users sign in once
 * (POST /enter), as crowd workers enter a study. Sessions are saved only when changed, as in the app.
 * No assignment, no quota, no logging: what remains above this is evalvet's own work.
 */
const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DB_POOL_MAX ?? 10),
});
const PgStore = connectPgSimple(session);
const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
});

passport.use(
  new LocalStrategy({ usernameField: 'worker', passwordField: 'worker' }, (worker, _password, done) =>
    done(null, { id: Number(worker) } as unknown as Express.User),
  ),
);
passport.serializeUser((user, done) => done(null, user.id));
passport.deserializeUser((id: number, done) => done(null, { id } as unknown as Express.User));

const app = express();
app.set('view engine', 'ejs');
app.set('views', path.join(__dirname, 'same-stack'));
app.set('view cache', true);
app.use(express.urlencoded({ extended: false }));
app.use(
  session({
    store: new PgStore({ pool, tableName: 'same_stack_sessions', createTableIfMissing: true }),
    secret: 'same-stack-bench-secret-0123456789',
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', maxAge: 7 * 24 * 3600 * 1000 },
  }),
);
app.use(passport.session());

app.post('/enter', passport.authenticate('local', { failureMessage: false }), (_req, res) => {
  res.redirect(303, '/tasks/next');
});

app.use((req, res, next) => (req.user ? next() : res.status(401).send('sign in first')));
app.use(csrfSynchronisedProtection);

app.get('/tasks/:id', async (req, res) => {
  const { rows } = await pool.query<{ id: string; question: string }>(
    'SELECT id, question FROM baseline_tasks WHERE id = $1',
    [Number(req.params.id)],
  );
  if (!rows[0]) return res.status(404).send('no such task');
  res.render('task', { task: rows[0], csrfToken: generateToken(req) });
});

app.post('/answers', async (req, res) => {
  const body = req.body as Record<string, string>;
  await pool.query('INSERT INTO baseline_answers (task_id, worker, answer) VALUES ($1, $2, $3)', [
    Number(body.task_id),
    String(req.user!.id),
    String(body.answer),
  ]);
  res.redirect(303, '/tasks/next');
});

const server = http.createServer(app);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`same-stack baseline running at http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => void pool.end().then(() => process.exit(0))));
