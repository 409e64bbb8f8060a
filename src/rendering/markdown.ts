import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

// The one producer of trusted HTML. Markdown is rendered with raw HTML off and the
// result passes a strict allow-list, so whatever a press officer or an import
// writes, templates may print the output unescaped.
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
markdown.validateLink = (url) => /^(https?:|mailto:|\/|#)/i.test(url.trim());

/** Images may only come from the site's own attachment URLs. */
const OWN_ATTACHMENT = /^\/attachments\/\d+(\/[^/?#]*)?$/;

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'blockquote',
    'ul', 'ol', 'li', 'strong', 'em', 'del', 's', 'code', 'pre', 'a', 'img',
    'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption',
  ],
  allowedAttributes: {
    a: ['href', 'rel'],
    img: ['src', 'alt'],
    th: ['scope'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
  transformTags: {
    // The article's own <h1> is its title; headings in the body start at level 2.
    h1: 'h2',
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: 'noopener noreferrer' } }),
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !OWN_ATTACHMENT.test(frame.attribs.src ?? ''),
};

export function sanitizeBodyHtml(html: string): string {
  return sanitizeHtml(html, POLICY);
}

export function renderMarkdown(source: string): string {
  return sanitizeBodyHtml(markdown.render(source));
}
