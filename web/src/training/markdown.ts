import DOMPurify from 'dompurify';
import { Marked, type Token, type Tokens } from 'marked';

/**
 * A lesson's Markdown as accessible, harmless HTML — in the browser, in three layers, each enough on its own for
 * what it guards:
 *
 * 1. marked (CommonMark + GFM tables) with raw HTML *escaped*: `<script>`, `<iframe>`, `<style>`, `<svg>`, `<form>`,
 *    `onerror=` … in a course are shown as the text they are, never parsed as markup. Links keep only http(s),
 *    mailto and same-origin targets; headings are shifted under the page's h1 (the lesson's highest level becomes h2).
 * 2. DOMPurify, with an allow-list of the elements and attributes Markdown produces and the same URL rule — in case
 *    layer 1 ever lets markup through (a marked bug, a parser differential).
 * 3. Our pass over the sanitised DOM nodes (never re-serialised, so nothing is parsed twice): images only from this
 *    origin (the CSP allows no other; an external or `data:` image shows its alt text instead), KERN's classes, table
 *    header cells with `scope`, tables in a box that scrolls on its own at 320 px.
 *
 * Returns a fragment to append: the page never sets `innerHTML` with course content.
 */

/**
 * What Markdown produces — and nothing else: no `style`, `class`, `id`, event handler, form control (GFM task-list
 * checkboxes are dropped; their text stays), frame, SVG or MathML.
 */
const ALLOWED_TAGS = ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 'del', 'code', 'pre', 'blockquote', 'a', 'img', 'table', 'thead', 'tbody', 'tr', 'th', 'td'];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'start'];

/** http(s), mailto, a fragment, or a path on this origin — not `//host` or `/\host` (other hosts), `javascript:`, `data:`. */
const SAFE_LINK = /^(?:https?:\/\/|mailto:|#|\/(?![/\\]))/i;
/** Images: a path on this origin only. */
const SAME_ORIGIN_PATH = /^\/(?![/\\])/;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]!);

/** The lesson's highest heading level (1 for `#`), or undefined without headings. */
function highestHeading(tokens: Token[], marked: Marked): number | undefined {
  let highest: number | undefined;
  marked.walkTokens(tokens, (token) => {
    if (token.type === 'heading') highest = Math.min(highest ?? 6, (token as Tokens.Heading).depth);
  });
  return highest;
}

function toHtml(markdown: string): string {
  let shift = 0;
  const marked = new Marked({
    gfm: true,
    breaks: false,
    async: false,
    renderer: {
      // Raw HTML — block or inline — is text (a block as a paragraph of its own).
      html: ({ text, block }) => (block ? `<p>${escapeHtml(text.trim())}</p>\n` : escapeHtml(text)),
      heading({ tokens, depth }) {
        const level = Math.min(6, depth + shift);
        return `<h${level}>${this.parser.parseInline(tokens)}</h${level}>\n`;
      },
      link({ href, title, tokens }) {
        const text = this.parser.parseInline(tokens);
        if (!SAFE_LINK.test(href.trim())) return text;
        return `<a href="${escapeHtml(href)}"${title ? ` title="${escapeHtml(title)}"` : ''}>${text}</a>`;
      },
      image({ href, title, text }) {
        if (!SAME_ORIGIN_PATH.test(href.trim())) return unavailableImage(text);
        return `<img src="${escapeHtml(href)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ''}>`;
      },
    },
  });
  const tokens = marked.lexer(markdown);
  const highest = highestHeading(tokens, marked);
  shift = highest === undefined ? 0 : 2 - highest;
  return marked.parser(tokens);
}

const unavailableImage = (alt: string) => `<em>${alt.trim() ? `Bild: ${escapeHtml(alt)}` : 'Bild'} (nicht verfügbar)</em>`;

const CLASSES: Record<string, string> = {
  H2: 'kern-heading-medium',
  H3: 'kern-heading-small',
  H4: 'kern-title',
  H5: 'kern-title',
  H6: 'kern-title',
  P: 'kern-body',
  UL: 'kern-list kern-list--bullet',
  OL: 'kern-list kern-list--number',
  A: 'kern-link',
  TABLE: 'kern-table',
  TR: 'kern-table__row',
  TH: 'kern-table__header',
  TD: 'kern-table__cell',
  THEAD: 'kern-table__head',
  TBODY: 'kern-table__body',
};

/** Layer 3: on the sanitised nodes (values decoded by the browser's parser), never re-serialised. */
function finish(fragment: DocumentFragment): DocumentFragment {
  const document = fragment.ownerDocument;
  for (const image of Array.from(fragment.querySelectorAll('img'))) {
    const src = image.getAttribute('src') ?? '';
    if (!SAME_ORIGIN_PATH.test(src)) {
      const replacement = document.createElement('em');
      replacement.textContent = `${image.alt.trim() ? `Bild: ${image.alt}` : 'Bild'} (nicht verfügbar)`;
      image.replaceWith(replacement);
    } else if (!image.hasAttribute('alt')) {
      image.alt = '';
    }
  }
  for (const link of Array.from(fragment.querySelectorAll('a'))) {
    if (!SAFE_LINK.test(link.getAttribute('href') ?? '')) link.replaceWith(...Array.from(link.childNodes));
  }
  for (const element of Array.from(fragment.querySelectorAll('*'))) {
    const classes = CLASSES[element.tagName];
    if (classes) element.className = classes;
  }
  for (const header of Array.from(fragment.querySelectorAll('thead th'))) header.setAttribute('scope', 'col');
  for (const table of Array.from(fragment.querySelectorAll('table'))) {
    // A box that scrolls on its own, reachable and named for keyboard and screen-reader users.
    const box = document.createElement('div');
    box.className = 'ok-table-wrapper';
    box.tabIndex = 0;
    box.setAttribute('role', 'region');
    box.setAttribute('aria-label', 'Tabelle (waagerecht verschiebbar)');
    table.replaceWith(box);
    box.append(table);
  }
  return fragment;
}

export function renderLesson(markdown: string): DocumentFragment {
  const fragment = DOMPurify.sanitize(toHtml(markdown), {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOWED_URI_REGEXP: SAFE_LINK,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    RETURN_DOM_FRAGMENT: true,
  });
  return finish(fragment);
}
