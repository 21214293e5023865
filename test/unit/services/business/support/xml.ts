/**
 * A strict, tiny XML 1.0 parser for tests: it accepts only well-formed documents (one root, matching tags, quoted
 * attributes without duplicates, known entity references, declared namespace prefixes, allowed characters) and returns
 * the element tree. An independent check of what our writer produces — it shares no code with it.
 */
export interface ParsedElement {
  name: string;
  attributes: Record<string, string>;
  children: ParsedElement[];
  text: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

export class XmlSyntaxError extends Error {}

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new XmlSyntaxError(`Unescaped < at ${at}`);
  return raw.replace(/&(#x[0-9A-Fa-f]+|#\d+|[A-Za-z]+);|&/g, (_match, entity: string | undefined) => {
    if (!entity) throw new XmlSyntaxError(`Bare & at ${at}`);
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (!(entity in named)) throw new XmlSyntaxError(`Unknown entity &${entity}; at ${at}`);
    return named[entity]!;
  });
}

export function parseXml(xml: string): ParsedElement {
  if (FORBIDDEN.test(xml)) throw new XmlSyntaxError('Forbidden character');
  let pos = 0;
  const skipSpace = () => {
    while (pos < xml.length && /\s/.test(xml[pos]!)) pos++;
  };
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new XmlSyntaxError('Unterminated declaration');
    if (!/^<\?xml version="1\.0" encoding="UTF-8"\?>$/.test(xml.slice(0, end + 2))) throw new XmlSyntaxError('Unexpected declaration');
    pos = end + 2;
  }
  const stack: ParsedElement[] = [];
  const namespaces: Array<Set<string>> = [];
  let root: ParsedElement | undefined;
  skipSpace();
  while (pos < xml.length) {
    if (xml.startsWith('<!--', pos)) {
      const end = xml.indexOf('-->', pos);
      if (end < 0) throw new XmlSyntaxError('Unterminated comment');
      pos = end + 3;
      continue;
    }
    if (xml.startsWith('</', pos)) {
      pos += 2;
      const name = NAME.exec(xml.slice(pos))?.[0];
      if (!name) throw new XmlSyntaxError(`Bad end tag at ${pos}`);
      pos += name.length;
      skipSpace();
      if (xml[pos] !== '>') throw new XmlSyntaxError(`Bad end tag ${name}`);
      pos++;
      const open = stack.pop();
      namespaces.pop();
      if (!open || open.name !== name) throw new XmlSyntaxError(`Mismatched </${name}> (open: ${open?.name})`);
      if (stack.length === 0) {
        skipSpace();
        if (pos !== xml.length) throw new XmlSyntaxError('Content after the root element');
      }
      continue;
    }
    if (xml[pos] === '<') {
      pos++;
      const name = NAME.exec(xml.slice(pos))?.[0];
      if (!name) throw new XmlSyntaxError(`Bad start tag at ${pos}`);
      pos += name.length;
      const attributes: Record<string, string> = {};
      for (;;) {
        const before = pos;
        skipSpace();
        if (xml.startsWith('/>', pos) || xml[pos] === '>') break;
        if (pos === before) throw new XmlSyntaxError(`Missing space before attribute in <${name}>`);
        const attribute = NAME.exec(xml.slice(pos))?.[0];
        if (!attribute) throw new XmlSyntaxError(`Bad attribute in <${name}>`);
        pos += attribute.length;
        if (xml[pos] !== '=' || xml[pos + 1] !== '"') throw new XmlSyntaxError(`Attribute ${attribute} not quoted`);
        const end = xml.indexOf('"', pos + 2);
        if (end < 0) throw new XmlSyntaxError('Unterminated attribute');
        if (attribute in attributes) throw new XmlSyntaxError(`Duplicate attribute ${attribute}`);
        attributes[attribute] = decode(xml.slice(pos + 2, end), pos);
        pos = end + 1;
      }
      const declared = new Set(namespaces.at(-1) ?? ['xml']);
      for (const key of Object.keys(attributes)) if (key.startsWith('xmlns:')) declared.add(key.slice(6));
      for (const qualified of [name, ...Object.keys(attributes).filter((key) => !key.startsWith('xmlns'))]) {
        const prefix = qualified.includes(':') ? qualified.split(':')[0]! : undefined;
        if (prefix && !declared.has(prefix)) throw new XmlSyntaxError(`Undeclared prefix ${prefix} in ${qualified}`);
      }
      const element: ParsedElement = { name, attributes, children: [], text: '' };
      if (stack.length > 0) stack.at(-1)!.children.push(element);
      else if (root) throw new XmlSyntaxError('Second root element');
      else root = element;
      if (xml.startsWith('/>', pos)) {
        pos += 2;
        if (stack.length === 0) {
          skipSpace();
          if (pos !== xml.length) throw new XmlSyntaxError('Content after the root element');
        }
        continue;
      }
      pos++;
      stack.push(element);
      namespaces.push(declared);
      continue;
    }
    const next = xml.indexOf('<', pos);
    const raw = xml.slice(pos, next < 0 ? xml.length : next);
    if (stack.length === 0) {
      if (raw.trim() !== '') throw new XmlSyntaxError('Text outside the root element');
    } else {
      stack.at(-1)!.text += decode(raw, pos);
    }
    pos = next < 0 ? xml.length : next;
  }
  if (stack.length > 0) throw new XmlSyntaxError(`Unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new XmlSyntaxError('No root element');
  return root;
}

/** The first child element named `name`, or undefined. */
export function child(element: ParsedElement | undefined, name: string): ParsedElement | undefined {
  return element?.children.find((candidate) => candidate.name === name);
}

/** Walks down a path of element names (`['xga:satz', 'xga:anmeldung']`). */
export function at(element: ParsedElement | undefined, path: readonly string[]): ParsedElement | undefined {
  return path.reduce<ParsedElement | undefined>((current, name) => child(current, name), element);
}

export function childNames(element: ParsedElement | undefined): string[] {
  return element?.children.map((candidate) => candidate.name) ?? [];
}

/** All text of an element and its descendants. */
export function allText(element: ParsedElement): string {
  return [element.text, ...element.children.map(allText), ...Object.values(element.attributes)].join(' ');
}
