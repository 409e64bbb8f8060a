import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import nunjucks from 'nunjucks';
import { configureTemplates, lineBreaks, SHARED_MACROS } from '../../src/rendering/template-filters.js';

const TEMPLATES = path.resolve(import.meta.dirname, '../../templates');

function environment(root = TEMPLATES, noCache = false): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(root, { noCache }), { autoescape: true });
  configureTemplates(env);
  return env;
}

describe('lineBreaks', () => {
  it('escapes every line and joins them with <br>', () => {
    expect(String(lineBreaks(['첫 줄 <b>', '"둘째" & \'셋째\'']))).toBe('첫 줄 &lt;b&gt;<br>&quot;둘째&quot; &amp; &#39;셋째&#39;');
  });

  it('gives nothing for a missing or non-list value', () => {
    expect(String(lineBreaks(null))).toBe('');
    expect(String(lineBreaks('<script>'))).toBe('');
  });

  it('is not escaped again by an autoescaping environment, while its lines are', () => {
    const html = environment().renderString('<p>{{ lines | lineBreaks }}</p>', { lines: ['<i>가</i>', '나'] });
    expect(html).toBe('<p>&lt;i&gt;가&lt;/i&gt;<br>나</p>');
  });
});

describe('the shared macros as the global ui', () => {
  it('renders the breadcrumb and the type badge without an import, escaping what they are given', () => {
    const html = environment().renderString(
      "{{ ui.typeBadge(type) }}{{ ui.breadcrumb([{ label: '브리핑룸', url: '/briefing' }, { label: title }]) }}",
      { type: '해명자료', title: '<script>제목</script>' },
    );
    expect(html).toContain('<span class="krds-badge bg-light-point br-type-badge">해명자료</span>');
    expect(html).toContain('<li class="home"><a href="/briefing" class="txt">브리핑룸</a></li>');
    expect(html).toContain('<span class="txt" aria-current="page">&lt;script&gt;제목&lt;/script&gt;</span>');
  });

  it('follows an edit of the macros at once when templates are read anew at each use (development)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-macros-'));
    try {
      const file = path.join(root, SHARED_MACROS);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, '{% macro typeBadge(type) %}<b>{{ type }}</b>{% endmacro %}');
      const env = environment(root, true);
      expect(env.renderString('{{ ui.typeBadge("브리핑") }}', {})).toBe('<b>브리핑</b>');
      fs.writeFileSync(file, '{% macro typeBadge(type) %}<i>{{ type }}</i>{% endmacro %}');
      expect(env.renderString('{{ ui.typeBadge("브리핑") }}', {})).toBe('<i>브리핑</i>');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
