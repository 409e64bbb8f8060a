// Finds markup in a served page that could run script. The parser is htmlparser2
// (what sanitize-html itself parses with), so entities are decoded as a browser would.
import { Parser } from 'htmlparser2';
import { TEMPLATE_PRODUCT } from './payloads.js';

const FORBIDDEN_TAGS = new Set(['iframe', 'object', 'embed', 'base', 'svg', 'math', 'style', 'frame', 'frameset', 'applet', 'isindex', 'xmp', 'plaintext', 'noscript', 'template', 'marquee', 'video', 'audio']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background', 'srcset', 'content']);
const OWN_SCRIPTS = /^\/static\/js\/[\w-]+\.js$/;

function dangerousUrl(value: string): boolean {
  // browsers ignore ASCII whitespace and control characters inside the scheme
  const squeezed = value.replace(/[\u0000-\u0020\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, '').toLowerCase();
  return /^(javascript|vbscript|data|file):/.test(squeezed) || /url\(\s*['"]?\s*javascript:/.test(squeezed);
}

/** Every construct in `html` that could execute script or inject markup; empty when the page is safe. */
export function unsafeMarkup(html: string): string[] {
  const problems: string[] = [];
  let inScript = false;
  // JSON-LD is a data block, not script: allowed only when what it holds parses as JSON
  // (a payload that broke out of it would leave a fragment that does not).
  let dataBlock: string | null = null;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const tag = name.toLowerCase();
        if (FORBIDDEN_TAGS.has(tag)) problems.push(`<${tag}> element`);
        if (tag === 'script' && attributes.type === 'application/ld+json' && !attributes.src) {
          dataBlock = '';
        } else if (tag === 'script') {
          inScript = true;
          if (!attributes.src || !OWN_SCRIPTS.test(attributes.src)) problems.push(`<script src="${attributes.src ?? ''}">`);
        }
        if (tag === 'meta' && attributes['http-equiv']) problems.push(`<meta http-equiv="${attributes['http-equiv']}">`);
        if (tag === 'link' && attributes.href && !/^\/(static|krds)\//.test(attributes.href) && /stylesheet|import/i.test(attributes.rel ?? '')) problems.push(`<link href="${attributes.href}">`);
        for (const [attr, value] of Object.entries(attributes)) {
          const a = attr.toLowerCase();
          if (/^on/.test(a)) problems.push(`<${tag} ${a}="${value.slice(0, 60)}">`);
          if (URL_ATTRIBUTES.has(a) && !(tag === 'meta' && a === 'content') && dangerousUrl(value)) problems.push(`<${tag} ${a}="${value.slice(0, 60)}">`);
          if (a === 'style') problems.push(`<${tag} style="${value.slice(0, 60)}">`);
          if (a === 'autofocus' && tag !== 'input' && tag !== 'textarea') problems.push(`<${tag} autofocus>`);
        }
      },
      ontext(text) {
        if (dataBlock !== null) dataBlock += text;
        if (inScript && text.trim()) problems.push(`inline script: ${text.slice(0, 60)}`);
        if (text.includes(TEMPLATE_PRODUCT)) problems.push(`template expression evaluated: ...${text.slice(Math.max(0, text.indexOf(TEMPLATE_PRODUCT) - 30), text.indexOf(TEMPLATE_PRODUCT) + 10)}`);
      },
      onclosetag(name) {
        if (name.toLowerCase() === 'script' && dataBlock !== null) {
          try {
            JSON.parse(dataBlock);
          } catch {
            problems.push(`JSON-LD that is not JSON: ${dataBlock.slice(0, 60)}`);
          }
          dataBlock = null;
        }
        if (name.toLowerCase() === 'script') inScript = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return problems;
}
