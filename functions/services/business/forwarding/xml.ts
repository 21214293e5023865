/**
 * A very small XML writer: elements, attributes and text, everything escaped. No dependency, no DOM.
 *
 * - Text and attribute values are escaped (`& < > " '`); characters XML 1.0 does not allow (C0 controls other than
 *   tab, newline and carriage return, lone surrogates, U+FFFE/U+FFFF) are replaced by U+FFFD, so user input can never
 *   break the document or inject markup.
 * - Names are checked against a conservative pattern (`prefix:local`, ASCII), because they come from code.
 * - `undefined` children are skipped, so optional elements are written as `opt(...)`.
 */

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
}
export type XmlNode = XmlElement | string;
type Child = XmlNode | undefined | null | false | readonly (XmlNode | undefined | null | false)[];

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*(?::[A-Za-z_][A-Za-z0-9_.-]*)?$/;
// eslint-disable-next-line no-control-regex
const INVALID_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new TypeError(`Invalid XML name: ${name}`);
  return name;
}

export function escapeText(value: string): string {
  return value.replace(INVALID_CHARS, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

function flatten(children: readonly Child[]): XmlNode[] {
  const nodes: XmlNode[] = [];
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) nodes.push(...flatten(child));
    else nodes.push(child as XmlNode);
  }
  return nodes;
}

/** An element with attributes and children (strings become text). */
export function el(name: string, attributes: Record<string, string | undefined> = {}, ...children: Child[]): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) attrs[checkName(key)] = value;
  return { name: checkName(name), attributes: attrs, children: flatten(children) };
}

/** An element with text content, or nothing when the value is absent. */
export function opt(name: string, value: string | number | undefined | null, attributes: Record<string, string | undefined> = {}): XmlElement | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return el(name, attributes, String(value));
}

/** An element with child elements, or nothing when all children are absent. */
export function group(name: string, attributes: Record<string, string | undefined>, ...children: Child[]): XmlElement | undefined {
  const nodes = flatten(children);
  return nodes.length > 0 ? el(name, attributes, ...nodes) : undefined;
}

function write(node: XmlNode, depth: number, indent: string, out: string[]): void {
  if (typeof node === 'string') {
    out.push(escapeText(node));
    return;
  }
  const pad = indent.repeat(depth);
  const attributes = Object.entries(node.attributes)
    .map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`)
    .join('');
  if (node.children.length === 0) {
    out.push(`${pad}<${node.name}${attributes}/>\n`);
    return;
  }
  if (node.children.every((child) => typeof child === 'string')) {
    out.push(`${pad}<${node.name}${attributes}>`);
    for (const child of node.children) write(child, 0, indent, out);
    out.push(`</${node.name}>\n`);
    return;
  }
  out.push(`${pad}<${node.name}${attributes}>\n`);
  for (const child of node.children) {
    if (typeof child === 'string') out.push(`${indent.repeat(depth + 1)}${escapeText(child)}\n`);
    else write(child, depth + 1, indent, out);
  }
  out.push(`${pad}</${node.name}>\n`);
}

/** The document with an XML declaration (UTF-8), indented for people who read it. */
export function serialize(root: XmlElement, indent = '  '): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  write(root, 0, indent, out);
  return out.join('');
}
