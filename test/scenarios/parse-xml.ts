/** An XML element: its name, attributes and child elements (text is checked, not kept). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Record<string, string>;
  readonly children: XmlElement[];
}

/**
 * A strict little XML reader for the JUnit report: it throws on anything not well-formed (an
 * unclosed or mismatched tag, an unquoted attribute, a bare `&` or `<` in text), which is what
 * "the report parses" has to mean without an XML library in the project.
 */
export function parseXml(text: string): XmlElement {
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const root: XmlElement = { name: '#document', attributes: {}, children: [] };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>/y;
  let index = 0;
  while (index < body.length) {
    const next = body.indexOf('<', index);
    checkText(body.slice(index, next === -1 ? body.length : next));
    if (next === -1) break;
    tag.lastIndex = next;
    const match = tag.exec(body);
    if (match === null) throw new Error(`Not well-formed XML at offset ${next}: ${body.slice(next, next + 40)}`);
    const [, closing, name, attributeText, selfClosing] = match;
    if (closing === '/') {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of attributeText!.matchAll(/([A-Za-z_][\w:.-]*)="([^"<]*)"/g)) {
        checkText(value!);
        attributes[key!] = value!
          .replace(/&quot;/g, '"')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&amp;/g, '&');
      }
      const element = { name: name!, attributes, children: [] };
      stack.at(-1)!.children.push(element);
      if (selfClosing !== '/') stack.push(element);
    }
    index = tag.lastIndex;
  }
  if (stack.length !== 1) throw new Error(`<${stack.at(-1)!.name}> is never closed`);
  if (root.children.length !== 1) throw new Error('An XML document has one root element');
  return root.children[0]!;
}

function checkText(text: string): void {
  const bad = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.exec(text);
  if (bad !== null) throw new Error(`A bare & in XML text: ${text.slice(bad.index, bad.index + 20)}`);
}
