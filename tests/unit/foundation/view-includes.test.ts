import fs from 'node:fs';
import path from 'node:path';

/**
 * Templates include partials by absolute path from views/, which EJS resolves without a file-system check on
 * every render (server/app.ts). A relative include would still work, only slower; this keeps them all absolute,
 * and every include pointing at a template that exists.
 */
const VIEWS = path.resolve(__dirname, '../../../views');

function templates(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? templates(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .filter((f) => f.endsWith('.ejs'));
}

const includes = templates(VIEWS).flatMap((file) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/include\(\s*(['"`])(.*?)\1/g)].map((m) => ({
    file: path.relative(VIEWS, file),
    target: m[2]!,
  })),
);

it('includes every partial by an absolute path to a template that exists', () => {
  expect(includes.length).toBeGreaterThan(50); // the pattern finds them
  const wrong = includes.filter(
    ({ target }) => !target.startsWith('/') || !fs.existsSync(path.join(VIEWS, `${target}.ejs`)),
  );
  expect(wrong).toEqual([]);
});
