import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/rendering/markdown.js';

describe('renderMarkdown', () => {
  it('renders headings, lists, tables and emphasis', () => {
    const html = renderMarkdown('# 큰 제목\n\n## 추진 배경\n\n- 첫째\n- **둘째**\n\n| 구분 | 값 |\n|---|---|\n| 가 | 1 |\n');
    expect(html).toContain('<h2>큰 제목</h2>');
    expect(html).toContain('<h2>추진 배경</h2>');
    expect(html).toContain('<li><strong>둘째</strong></li>');
    expect(html).toContain('<table>');
    expect(html).toContain('<td>가</td>');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const html = renderMarkdown('<script>window.__xss=1</script>\n\n<img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it.each([
    ['[눌러](javascript:alert(1))'],
    ['[눌러](JaVaScRiPt:alert(1))'],
    ['[눌러](data:text/html;base64,PHNjcmlwdD4=)'],
    ['[눌러](vbscript:msgbox)'],
    ['[눌러](&#106;avascript:alert(1))'],
  ])('drops dangerous link %s', (source) => {
    const html = renderMarkdown(source);
    expect(html).not.toMatch(/href="\s*(javascript|data|vbscript)/i);
    expect(html).not.toMatch(/<a [^>]*href="&/);
  });

  it('keeps http, https and mailto links with rel="noopener noreferrer"', () => {
    const html = renderMarkdown('[정책브리핑](https://www.korea.kr/briefing) [메일](mailto:press@example.go.kr)');
    expect(html).toContain('<a href="https://www.korea.kr/briefing" rel="noopener noreferrer">정책브리핑</a>');
    expect(html).toContain('href="mailto:press@example.go.kr"');
  });

  it('allows images only from the site\'s own attachments', () => {
    expect(renderMarkdown('![도표](/attachments/12/chart.png)')).toContain('<img src="/attachments/12/chart.png" alt="도표" />');
    expect(renderMarkdown('![추적](https://tracker.example.com/p.gif)')).not.toContain('<img');
    expect(renderMarkdown('![x](data:image/png;base64,AAAA)')).not.toContain('<img');
  });
});
