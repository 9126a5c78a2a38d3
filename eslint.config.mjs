// Lint: typescript-eslint's type-aware rules, chiefly no-floating-promises / no-misused-promises.
import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import regexpPlugin from 'eslint-plugin-regexp';

// Import boundaries (issue 14), with ESLint's own no-restricted-imports: no plugin, no resolver.
//   (a) server/domain/ is pure: it imports nothing from server/features, server/http, server/db, knex or express.
//   (b) a feature's repo files (features/<feature>/**/repo.ts and *-repo.ts) are imported only from inside that
//       feature's folder: other features call its service, or import its types.ts.
//   (c) routes files (features/**/routes.ts, *-routes.ts, http/routes.ts) import neither knex nor any repo.
// no-restricted-imports compares the specifier as written, so the config walks the tree once and, for each
// folder, lists every forbidden file by the relative specifier that folder would use (`../accounts/repo`). A file
// gets one set of options (the last matching block wins), so each block carries all the rules for its files.
// The rules cover server/, bench/, seeds/ and migrations/. tests/ is outside them on purpose: tests arrange and
// inspect data through the repos (a factory inserts rows, an assertion reads them back).
const root = import.meta.dirname;
const posix = (p) => p.split(path.sep).join('/');

function folders(dir) {
  const out = [dir];
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'node_modules') out.push(...folders(`${dir}/${entry.name}`));
  }
  return out;
}

const tsFiles = (dir) =>
  fs
    .readdirSync(path.join(root, dir))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f}`);

const isRepo = (file) => path.posix.basename(file) === 'repo.ts' || file.endsWith('-repo.ts');
const isRoutes = (file) =>
  /(^|-)routes\.ts$/.test(path.posix.basename(file)) && !file.endsWith('list-routes.ts');
const featureOf = (file) => /^server\/features\/([^/]+)\//.exec(file)?.[1];

const serverFolders = folders('server');
const repos = serverFolders.flatMap(tsFiles).filter((f) => f.startsWith('server/features/') && isRepo(f));

/** The specifier a file in `fromDir` writes to import `file` (no extension). */
function specifier(fromDir, file) {
  const rel = posix(path.relative(path.join(root, fromDir), path.join(root, file.replace(/\.ts$/, ''))));
  return rel.startsWith('.') ? rel : `./${rel}`;
}

function repoRestriction(fromDir, repo, why) {
  return { name: specifier(fromDir, repo), message: why };
}

const repoMessage = (repo) =>
  `${repo} is the ${featureOf(repo)} feature's data access: import it only from server/features/${featureOf(repo)}/ ` +
  `(call that feature's service, or import its types.ts for the types).`;

/** One no-restricted-imports block per folder (and per excepted file), from the repo files found in the tree. */
function boundaryConfigs(exceptions) {
  for (const [file, targets] of Object.entries(exceptions)) {
    if (!fs.existsSync(path.join(root, file)))
      throw new Error(`eslint boundaries: no file ${file} (stale exception)`);
    for (const target of Object.keys(targets))
      if (!repos.includes(target))
        throw new Error(`eslint boundaries: ${target} is not a repo (stale exception in ${file})`);
  }
  const blocks = [];
  for (const dir of [
    'server',
    ...['bench', 'seeds', 'migrations'].filter((d) => fs.existsSync(path.join(root, d))),
  ].flatMap((d) => (d === 'server' ? serverFolders : folders(d)))) {
    const files = tsFiles(dir);
    if (files.length === 0) continue;
    const inDomain = dir === 'server/domain' || dir.startsWith('server/domain/');
    const feature = featureOf(`${dir}/`);
    const base = [];
    for (const repo of repos) {
      if (feature && featureOf(repo) === feature) continue;
      base.push(repoRestriction(dir, repo, repoMessage(repo)));
    }
    if (inDomain) {
      const why =
        'server/domain/ is pure TypeScript: no SQL, HTTP or app wiring (move the code, or pass the data in).';
      base.push({ name: 'knex', message: why }, { name: 'express', message: why });
    }
    const domainPatterns = inDomain
      ? [
          {
            group: ['features', 'http', 'db'].map((d) => `${specifier(dir, `server/${d}`)}/**`),
            message:
              'server/domain/ is pure TypeScript: it imports nothing from server/features, server/http or server/db.',
          },
        ]
      : [];
    const routes = files.filter(isRoutes);
    const routesRule = [
      ...base,
      ...repos
        .filter((repo) => feature && featureOf(repo) === feature)
        .map((repo) =>
          repoRestriction(dir, repo, `A routes file calls its feature's service, never a repo (${repo}).`),
        ),
      { name: 'knex', message: "A routes file does not query: call the feature's service." },
    ];
    const push = (fileList, paths, patterns = []) => {
      for (const file of fileList) {
        const allowed = exceptions[file];
        if (!allowed) continue;
        const names = new Set(Object.keys(allowed).map((target) => specifier(dir, target)));
        blocks.push({
          files: [file],
          rules: {
            'no-restricted-imports': ['error', { paths: paths.filter((p) => !names.has(p.name)), patterns }],
          },
        });
      }
      const plain = fileList.filter((f) => !exceptions[f]);
      if (plain.length)
        blocks.push({ files: plain, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } });
    };
    push(
      files.filter((f) => !isRoutes(f)),
      base,
      domainPatterns,
    );
    if (routes.length) push(routes, routesRule);
  }
  return blocks;
}

/**
 * Exceptions to the import boundaries: file -> { forbidden target: why it is still imported }. Each entry is one
 * file and one target and says why (today: benchmarks, which time the repos' own statements). The config refuses an entry whose file or
 * target no longer exists (a rename cannot leave a dead entry); an entry whose import is gone must be deleted by hand.
 */
const BOUNDARY_EXCEPTIONS = {
  // Benchmarks measure the repos themselves: the prepared statements they EXPLAIN, the COPY column list, the
  // judgment-row stream. Going through a service would measure something else.
  'bench/lib/explain.ts': {
    'server/features/studies/repo.ts': 'EXPLAINs the prepared studyForWorker statements',
    'server/features/labeling/claim-repo.ts': 'EXPLAINs the claim statement',
    'server/features/labeling/repo.ts': 'EXPLAINs the task-page statement',
  },
  'bench/import.ts': {
    'server/features/datasets/examples-repo.ts': 'checks the COPY column list (EXAMPLE_COLUMNS)',
  },
  'bench/reports.ts': {
    'server/features/reports/judgment-rows-repo.ts': 'times the judgment-row stream alone',
    'server/features/reports/repo.ts': "lists the study's datasets to time the cold summary's parts",
    'server/features/reports/stream-repo.ts': "times the cold summary's read of the judgments alone",
  },
};

export default tseslint.config(
  {
    ignores: ['node_modules', 'coverage', '.data', 'dist', 'public/vendor', '*.js', '*.mjs', 'scripts/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  ...boundaryConfigs(BOUNDARY_EXCEPTIONS),
  {
    // Browser scripts are plain JavaScript: no type information, browser globals.
    files: ['public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      sourceType: 'script',
      globals: {
        document: 'readonly',
        window: 'readonly',
        Event: 'readonly',
        FileReader: 'readonly',
        fetch: 'readonly',
        FormData: 'readonly',
        console: 'readonly',
        XMLHttpRequest: 'readonly',
        URL: 'readonly',
        localStorage: 'readonly',
        sessionStorage: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
        navigator: 'readonly',
        location: 'readonly',
        Blob: 'readonly',
      },
    },
  },
  {
    // A regex that backtracks super-linearly on some input stalls the event loop for every request (issue 21).
    files: ['**/*.{ts,mjs,js}'],
    plugins: { regexp: regexpPlugin },
    rules: {
      'regexp/no-super-linear-backtracking': 'error',
      'regexp/no-super-linear-move': 'error',
    },
  },
);
