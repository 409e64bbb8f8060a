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

describe('staticPartial', () => {
  function withPartial(body: string, noCache: boolean, run: (env: nunjucks.Environment, file: string) => void): void {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'briefroom-static-'));
    try {
      fs.mkdirSync(path.join(root, 'partials'), { recursive: true });
      fs.writeFileSync(path.join(root, SHARED_MACROS), '');
      const file = path.join(root, 'partials', 'rules.njk');
      fs.writeFileSync(file, body);
      const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(root, { noCache }), { autoescape: true });
      configureTemplates(env, { staticPartials: { 'partials/rules.njk': () => ({ rules: ['<첫째>', '둘째'] }) } });
      run(env, file);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }

  it('prints a registered partial rendered with its constants, escaped once, whatever the page holds', () => {
    withPartial('<ol>{% for r in rules %}<li>{{ r }}</li>{% endfor %}</ol>', false, (env) => {
      const html = env.renderString('{{ staticPartial("partials/rules.njk") }}', { rules: ['페이지의 값'] });
      expect(html).toBe('<ol><li>&lt;첫째&gt;</li><li>둘째</li></ol>');
    });
  });

  it('renders it once in production and anew at each use in development', () => {
    for (const noCache of [false, true]) {
      withPartial('<p>{{ rules.length }}</p>', noCache, (env, file) => {
        expect(env.renderString('{{ staticPartial("partials/rules.njk") }}', {})).toBe('<p>2</p>');
        fs.writeFileSync(file, '<p>바뀜</p>');
        expect(env.renderString('{{ staticPartial("partials/rules.njk") }}', {})).toBe(noCache ? '<p>바뀜</p>' : '<p>2</p>');
      });
    }
  });

  it('keeps one rendering per variant, rendered with that variant', () => {
    withPartial('<p>{{ rules.length }} {{ path }}</p>', false, (env) => {
      const partials = { 'partials/rules.njk': (variant: string) => ({ rules: [], path: variant }) };
      configureTemplates(env, { staticPartials: partials });
      const at = (variant: string) => env.renderString('{{ staticPartial("partials/rules.njk", v) }}', { v: variant });
      expect(at('/briefing')).toBe('<p>0 /briefing</p>');
      expect(at('/briefing/rules')).toBe('<p>0 /briefing/rules</p>');
      expect(at('/briefing')).toBe('<p>0 /briefing</p>');
      // Past the variants it keeps, each is still rendered for itself, the first ones again.
      for (let n = 0; n < 40; n++) expect(at(`/p/${n}`)).toBe(`<p>0 /p/${n}</p>`);
      expect(at('/briefing')).toBe('<p>0 /briefing</p>');
      expect(at('/p/39')).toBe('<p>0 /p/39</p>');
    });
  });

  it('refuses a partial that is not registered', () => {
    withPartial('', false, (env) => {
      expect(() => env.renderString('{{ staticPartial("partials/other.njk") }}', {})).toThrow(/not registered/);
    });
  });
});
