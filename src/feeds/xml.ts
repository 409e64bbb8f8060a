// Writing XML that stays well-formed whatever a release holds.

/** Characters XML 1.0 forbids (C0 controls but tab/LF/CR, lone surrogates, U+FFFE/FFFF). */
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlSafe(text: string): string {
  return text.replace(XML_INVALID, '');
}

/** Text for an element or an attribute value. */
export function xmlText(text: string | number): string {
  return xmlSafe(String(text)).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;',
  );
}

/** A CDATA section; a `]]>` inside is split across two sections. */
export function cdata(text: string): string {
  return `<![CDATA[${xmlSafe(text).replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

/** <name>text</name>, escaped. */
export function element(name: string, text: string | number): string {
  return `<${name}>${xmlText(text)}</${name}>`;
}
