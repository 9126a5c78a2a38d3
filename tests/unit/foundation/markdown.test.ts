import { markdownToHtml } from '../../../server/domain/studies/markdown';

const render = (source: string) => Promise.resolve(markdownToHtml(source));

describe('markdown instructions', () => {
  it('renders emphasis, lists and safe links', async () => {
    const html = await render('Read **carefully**.\n\n- one\n- two\n\n[guide](https://example.org/g)');
    expect(html).toContain('<strong>carefully</strong>');
    expect(html).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(html).toContain(
      '<a href="https://example.org/g" rel="noopener noreferrer nofollow" target="_blank">guide</a>',
    );
  });

  it('keeps raw HTML as escaped text', async () => {
    const html = await render('<script>alert(1)</script> and <img src=x onerror=alert(2)>');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it('drops javascript: and data: link targets but keeps their text', async () => {
    const html = await render('[click](javascript:alert(1)) [x](data:text/html;base64,PHNjcmlwdD4=)');
    expect(html).not.toContain('href');
    expect(html).toContain('click');
  });

  it('demotes headings below the page headings', async () => {
    expect(await render('# Title')).toContain('<h3>Title</h3>');
  });

  it('escapes text and attribute values, and keeps line breaks and rules', async () => {
    expect(await render('a "quote" & \'apostrophe\'')).toBe(
      '<p>a &#34;quote&#34; &amp; &#39;apostrophe&#39;</p>',
    );
    expect(await render('[x](https://e.org/?a=1&b="2")')).toContain(
      'href="https://e.org/?a=1&amp;b=%222%22"',
    );
    expect(await render('one  \ntwo\n\n---')).toBe('<p>one<br>two</p><hr>');
  });

  it('renders a text once and gives the same HTML for it again', () => {
    const source = `${'*a'.repeat(2000)} once`;
    const first = markdownToHtml(source);
    expect(first.startsWith('<p>')).toBe(true);
    expect(first.endsWith(' once</p>')).toBe(true);
    expect(markdownToHtml(source)).toBe(first);
    expect(markdownToHtml('other')).toBe('<p>other</p>');
  });
});
