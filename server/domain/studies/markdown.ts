import MarkdownIt from 'markdown-it';

/**
 * Instructions are markdown written by researchers and shown to workers. Rather than trusting an HTML string,
 * we turn markdown-it's tokens into a small tree of whitelisted elements and text, which the `markdown` partial
 * prints with escaping. Raw HTML in the source stays text; links keep only http(s) and mailto targets.
 */
export type MdNode =
  { type: 'text'; text: string } | { type: 'el'; tag: string; href?: string; children: MdNode[] };

const md = new MarkdownIt({ html: false, linkify: true });
type Token = ReturnType<typeof md.parse>[number];
const BLOCK_TAGS = new Set([
  'p',
  'ul',
  'ol',
  'li',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
]);
const INLINE_TAGS = new Set(['strong', 'em', 's', 'a', 'code']);

function safeHref(href: string | null): string | undefined {
  return href && /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : undefined;
}

/** Headings in instructions sit under the page's own headings. */
function demote(tag: string): string {
  const m = /^h(\d)$/.exec(tag);
  return m ? `h${Math.min(6, Number(m[1]) + 2)}` : tag;
}

function buildInline(tokens: Token[]): MdNode[] {
  const root: MdNode[] = [];
  const stack: MdNode[][] = [root];
  for (const t of tokens) {
    const top = stack[stack.length - 1]!;
    if (t.type === 'text' || t.type === 'html_inline') top.push({ type: 'text', text: t.content });
    else if (t.type === 'softbreak') top.push({ type: 'text', text: '\n' });
    else if (t.type === 'hardbreak') top.push({ type: 'el', tag: 'br', children: [] });
    else if (t.type === 'code_inline')
      top.push({ type: 'el', tag: 'code', children: [{ type: 'text', text: t.content }] });
    else if (t.type === 'image') top.push({ type: 'text', text: t.content || '[image]' });
    else if (t.nesting === 1 && INLINE_TAGS.has(t.tag)) {
      const el: MdNode = { type: 'el', tag: t.tag, children: [] };
      if (t.tag === 'a') el.href = safeHref(String(t.attrGet('href') ?? ''));
      top.push(el);
      stack.push(el.children);
    } else if (t.nesting === -1 && INLINE_TAGS.has(t.tag) && stack.length > 1) stack.pop();
  }
  return root;
}

export function markdownToTree(source: string): MdNode[] {
  const root: MdNode[] = [];
  const stack: MdNode[][] = [root];
  for (const t of md.parse(source, {})) {
    const top = stack[stack.length - 1]!;
    if (t.type === 'inline') top.push(...buildInline(t.children ?? []));
    else if (t.type === 'fence' || t.type === 'code_block')
      top.push({ type: 'el', tag: 'pre', children: [{ type: 'text', text: t.content }] });
    else if (t.type === 'hr') top.push({ type: 'el', tag: 'hr', children: [] });
    else if (t.type === 'html_block')
      top.push({ type: 'el', tag: 'p', children: [{ type: 'text', text: t.content }] });
    else if (t.hidden)
      continue; // paragraphs inside tight lists
    else if (t.nesting === 1 && BLOCK_TAGS.has(t.tag)) {
      const el: MdNode = { type: 'el', tag: demote(t.tag), children: [] };
      top.push(el);
      stack.push(el.children);
    } else if (t.nesting === -1 && BLOCK_TAGS.has(t.tag) && stack.length > 1) stack.pop();
  }
  return root;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&#34;',
  "'": '&#39;',
};
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function nodesToHtml(nodes: readonly MdNode[], out: string[]): void {
  for (const node of nodes) {
    if (node.type === 'text') out.push(escapeHtml(node.text));
    else if (node.tag === 'br' || node.tag === 'hr') out.push(`<${node.tag}>`);
    else if (node.tag === 'a' && !node.href) nodesToHtml(node.children, out);
    else {
      out.push(
        node.tag === 'a'
          ? `<a href="${escapeHtml(node.href!)}" rel="noopener noreferrer nofollow" target="_blank">`
          : `<${node.tag}>`,
      );
      nodesToHtml(node.children, out);
      out.push(`</${node.tag}>`);
    }
  }
}

/** How many distinct instruction texts markdownToHtml keeps rendered (a study has one or two; this is per process). */
const CACHE_SIZE = 200;
const rendered = new Map<string, string>();

/**
 * Instructions as safe HTML: the whitelisted tree of markdownToTree, every text escaped, tags only from the
 * whitelist, links only http(s)/mailto. Rendered once per distinct text and kept (the most recent CACHE_SIZE texts):
 * a task page is viewed thousands of times with the same instructions, and a pathological text (20k `*a`) costs
 * its parse once, not on every view.
 */
export function markdownToHtml(source: string): string {
  const hit = rendered.get(source);
  if (hit !== undefined) {
    rendered.delete(source);
    rendered.set(source, hit);
    return hit;
  }
  const out: string[] = [];
  nodesToHtml(markdownToTree(source), out);
  const html = out.join('');
  rendered.set(source, html);
  if (rendered.size > CACHE_SIZE) rendered.delete(rendered.keys().next().value!);
  return html;
}
