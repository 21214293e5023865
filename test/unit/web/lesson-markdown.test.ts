import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.ts';

/**
 * The lesson renderer (`web/src/training/markdown.ts`) over a list of attacks a tenant's own course could carry, run
 * where it runs — in chromium, whose HTML parser decides what is harmless (jsdom's would not) — on a blank page
 * WITHOUT a Content-Security-Policy, so that only the renderer stands between an attack and its execution. Each
 * output is attached to the live document (event handlers would fire, images would load) and then checked: no script
 * ran, and only the elements and attributes Markdown produces are left.
 */
const ATTACKS: Record<string, string> = {
  'a script element': '<script>window.__pwned = 1</script>',
  'a script element inside a paragraph': 'Text <script>window.__pwned = 1</script> mehr Text',
  'an event handler on an image': '<img src="x" onerror="window.__pwned = 1">',
  'an event handler without quotes': '<img src=x onerror=window.__pwned=1>',
  'an event handler on a details element': '<details open ontoggle="window.__pwned = 1"><summary>x</summary></details>',
  'an onclick on a link': '<a href="#" onclick="window.__pwned = 1">klick</a>',
  'SVG with a script': '<svg><script>window.__pwned = 1</script></svg>',
  'SVG with onload': '<svg onload="window.__pwned = 1"></svg>',
  'an SVG link to javascript:': '<svg><a xlink:href="javascript:window.__pwned = 1"><text x="0" y="10">x</text></a></svg>',
  'a Markdown link to javascript:': '[klick](javascript:window.__pwned=1)',
  'a Markdown link to JavaScript: in mixed case': '[klick](JaVaScRiPt:window.__pwned=1)',
  'a Markdown link with an entity-encoded javascript:': '[klick](&#106;avascript:window.__pwned=1)',
  'a Markdown link with a tab inside javascript:': '[klick](java&#9;script:window.__pwned=1)',
  'a Markdown link to vbscript:': '[klick](vbscript:msgbox(1))',
  'a Markdown link to a data: URL': '[klick](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)',
  'a reference link to javascript:': '[klick][ziel]\n\n[ziel]: javascript:window.__pwned=1',
  'an autolink to javascript:': '<javascript:window.__pwned=1>',
  'an HTML link to javascript:': '<a href="javascript:window.__pwned = 1">klick</a>',
  'a link title breaking out of its attribute': '[klick](https://example.org "x\\" onmouseover=\\"window.__pwned=1")',
  'a protocol-relative link to another host': '[klick](//evil.example/)',
  'a backslash link to another host': '[klick](/\\evil.example/)',
  'a Markdown image from javascript:': '![Bild](javascript:window.__pwned=1)',
  'a Markdown image as SVG data: URL': '![Bild](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3B3bmVkPTEiLz4=)',
  'a Markdown image from another host': '![Bild](https://evil.example/pixel.png)',
  'an iframe': '<iframe src="javascript:window.__pwned = 1"></iframe>',
  'an iframe with srcdoc': '<iframe srcdoc="<script>parent.__pwned = 1</script>"></iframe>',
  'an object and an embed': '<object data="javascript:window.__pwned = 1"></object><embed src="javascript:window.__pwned = 1">',
  'a form with a password field': '<form action="https://evil.example/"><input type="password" name="p"><button>Anmelden</button></form>',
  'a style element': '<style>body { background: url(https://evil.example/x) }</style>',
  'a style attribute with a CSS expression': '<p style="width: expression(window.__pwned = 1)">x</p>',
  'a style attribute with a javascript: URL': '<div style="background-image: url(javascript:window.__pwned=1)">x</div>',
  'a base element': '<base href="https://evil.example/">',
  'a meta refresh': '<meta http-equiv="refresh" content="0; url=javascript:window.__pwned=1">',
  'a raw HTML block': '<div>\n<img src=x onerror=window.__pwned=1>\n</div>',
  'an HTML comment hiding markup': '<!--><img src=x onerror=window.__pwned=1>-->',
  'mutation XSS through noscript': '<noscript><p title="</noscript><img src=x onerror=window.__pwned=1>">',
  'mutation XSS through MathML and style': '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>',
  'markup nested in emphasis': '**<img src=x onerror=window.__pwned=1>**',
  'markup in a table cell': '| Spalte |\n| --- |\n| <img src=x onerror=window.__pwned=1> |',
  'markup in a link text': '[<img src=x onerror=window.__pwned=1>](https://example.org)',
  'markup in a heading': '# <img src=x onerror=window.__pwned=1>',
  'markup in a list and a quote': '- <script>window.__pwned = 1</script>\n\n> <img src=x onerror=window.__pwned=1>',
  'a template element': '<template><img src=x onerror=window.__pwned=1></template>',
  'id and name attributes clobbering the DOM': '<img name="getElementById"><form id="__pwned"></form>',
};

const ALLOWED_TAGS = new Set(['H2', 'H3', 'H4', 'H5', 'H6', 'P', 'BR', 'HR', 'UL', 'OL', 'LI', 'STRONG', 'EM', 'DEL', 'CODE', 'PRE', 'BLOCKQUOTE', 'A', 'IMG', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TH', 'TD', 'DIV']);
const ALLOWED_ATTRIBUTES = new Set(['href', 'title', 'alt', 'src', 'start', 'class', 'scope', 'tabindex', 'role', 'aria-label']);

interface Rendered {
  html: string;
  text: string;
  elements: Array<{ tag: string; attributes: Record<string, string> }>;
  pwned: boolean;
}

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [fileURLToPath(new URL('../../../web/src/training/markdown.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'lessonMarkdown',
    platform: 'browser',
    target: 'es2022',
    write: false,
  });
  browser = await launchBrowser();
  page = await browser.newPage();
  await page.setContent('<!doctype html><html lang="de"><head><title>Renderer</title></head><body><main id="out"></main></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Renders in the page, attaches the result, lets handlers and image loads happen, and reports what is there. */
async function render(markdown: string): Promise<Rendered> {
  return (await page.evaluate(`(async () => {
    window.__pwned = undefined;
    const out = document.getElementById('out');
    out.replaceChildren(lessonMarkdown.renderLesson(${JSON.stringify(markdown)}));
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (const element of out.querySelectorAll('*')) element.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    const elements = [...out.querySelectorAll('*')].map((element) => ({
      tag: element.tagName,
      attributes: Object.fromEntries([...element.attributes].map((attribute) => [attribute.name, attribute.value])),
    }));
    return { html: out.innerHTML, text: out.textContent, elements, pwned: window.__pwned !== undefined || document.getElementById('__pwned') !== null };
  })()`)) as Rendered;
}

// A real browser per file: under the load of the whole suite a single render can take longer than vitest's 5 s default.
describe('a malicious course renders to harmless HTML', { timeout: 30_000 }, () => {
  for (const [name, markdown] of Object.entries(ATTACKS)) {
    it(`neutralises ${name}`, async () => {
      const rendered = await render(markdown);
      expect(rendered.pwned, rendered.html).toBe(false);
      for (const element of rendered.elements) {
        expect(ALLOWED_TAGS.has(element.tag), `<${element.tag}> in ${rendered.html}`).toBe(true);
        for (const [attribute, value] of Object.entries(element.attributes)) {
          expect(ALLOWED_ATTRIBUTES.has(attribute), `${attribute} on <${element.tag}> in ${rendered.html}`).toBe(true);
          if (attribute === 'href') expect(value, rendered.html).toMatch(/^(?:https?:\/\/|mailto:|#|\/(?![/\\]))/i);
          if (attribute === 'src') expect(value, rendered.html).toMatch(/^\/(?![/\\])/);
        }
      }
    });
  }

  it('shows raw HTML as the text it is, so nothing of a course silently disappears', async () => {
    const rendered = await render('Vorher <script>window.__pwned = 1</script> nachher');
    expect(rendered.text).toContain('<script>window.__pwned = 1</script>');
    expect(rendered.elements.map((element) => element.tag)).toEqual(['P']);
  });
});

describe('a lesson renders to accessible HTML', { timeout: 30_000 }, () => {
  it('puts the highest heading of the lesson directly under the page\'s h1, keeping the order below it', async () => {
    expect((await render('# Eins\n\n## Zwei\n\n### Drei')).elements.map((element) => element.tag)).toEqual(['H2', 'H3', 'H4']);
    expect((await render('## Eins\n\n### Zwei')).elements.map((element) => element.tag)).toEqual(['H2', 'H3']);
    expect((await render('#### Tief\n\n##### Tiefer')).elements.map((element) => element.tag)).toEqual(['H2', 'H3']);
  });

  it('gives tables header cells with scope, in a box that scrolls on its own and can be reached by keyboard', async () => {
    const rendered = await render('| Frist | Wer |\n| --- | --- |\n| 30 Tage | Bürgerbüro |');
    const headers = rendered.elements.filter((element) => element.tag === 'TH');
    expect(headers.map((header) => header.attributes.scope)).toEqual(['col', 'col']);
    const box = rendered.elements.find((element) => element.tag === 'DIV')!;
    expect(box.attributes).toMatchObject({ class: 'ok-table-wrapper', tabindex: '0', role: 'region' });
    expect(rendered.elements.find((element) => element.tag === 'TABLE')?.attributes.class).toBe('kern-table');
  });

  it('keeps images of this origin with their alt text and shows the alt text of any other image instead', async () => {
    const own = await render('![Ablauf der Aktenführung](/static/ablauf.png)');
    expect(own.elements.find((element) => element.tag === 'IMG')?.attributes).toMatchObject({ src: '/static/ablauf.png', alt: 'Ablauf der Aktenführung' });
    const foreign = await render('![Ablauf der Aktenführung](https://example.org/ablauf.png)');
    expect(foreign.elements.some((element) => element.tag === 'IMG')).toBe(false);
    expect(foreign.text).toContain('Bild: Ablauf der Aktenführung (nicht verfügbar)');
  });

  it('keeps http(s), mailto and same-origin links, lists and emphasis in KERN\'s classes', async () => {
    const rendered = await render('- [Open.NRW](https://open.nrw/) und [Mail](mailto:fortbildung@kaarst.de)\n- **wichtig** und *betont*\n\n1. [Kurs](/fortbildung)');
    const links = rendered.elements.filter((element) => element.tag === 'A').map((element) => element.attributes.href);
    expect(links).toEqual(['https://open.nrw/', 'mailto:fortbildung@kaarst.de', '/fortbildung']);
    expect(rendered.elements.find((element) => element.tag === 'UL')?.attributes.class).toBe('kern-list kern-list--bullet');
    expect(rendered.elements.map((element) => element.tag)).toEqual(expect.arrayContaining(['STRONG', 'EM', 'OL']));
  });

  it('renders every lesson of the county\'s courses without a change to its text', async () => {
    const { loadCatalogue } = await import('../../../functions/training/content/load.ts');
    const { courses, errors } = await loadCatalogue(fileURLToPath(new URL('../../../training-content/', import.meta.url)));
    expect(errors).toEqual([]);
    for (const course of courses) {
      for (const lesson of course.lessons) {
        const rendered = await render(lesson.body);
        expect(rendered.pwned).toBe(false);
        expect(rendered.elements.filter((element) => element.tag === 'H2').length, `${course.id}/${lesson.id}`).toBeGreaterThan(0);
        expect(rendered.text, `${course.id}/${lesson.id}`).not.toMatch(/<\/?[a-z]+[^>]*>/i);
      }
    }
  }, 60_000);
});
