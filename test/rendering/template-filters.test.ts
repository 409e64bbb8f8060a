import { describe, expect, it } from 'vitest';
import nunjucks from 'nunjucks';
import { configureTemplates, lineBreaks } from '../../src/rendering/template-filters.js';

describe('lineBreaks', () => {
  it('escapes every line and joins them with <br>', () => {
    expect(String(lineBreaks(['첫 줄 <b>', '"둘째" & \'셋째\'']))).toBe('첫 줄 &lt;b&gt;<br>&quot;둘째&quot; &amp; &#39;셋째&#39;');
  });

  it('gives nothing for a missing or non-list value', () => {
    expect(String(lineBreaks(null))).toBe('');
    expect(String(lineBreaks('<script>'))).toBe('');
  });

  it('is not escaped again by an autoescaping environment, while its lines are', () => {
    const env = new nunjucks.Environment(null, { autoescape: true });
    configureTemplates(env);
    const html = env.renderString('<p>{{ lines | lineBreaks }}</p>', { lines: ['<i>가</i>', '나'] });
    expect(html).toBe('<p>&lt;i&gt;가&lt;/i&gt;<br>나</p>');
  });
});
