import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';

export type FrontMatter =
  | { ok: true; data: Record<string, unknown>; body: string }
  | { ok: false; message: string };

/** The field name failures use for the front matter block as a whole. */
export const FRONT_MATTER_FIELD = 'front matter';

const FENCE = /^---[ \t]*$/;
const CLOSING_FENCE = /^(---|\.\.\.)[ \t]*$/;

/**
 * Splits a file into its YAML front matter and Markdown body and parses the YAML.
 * The core schema keeps timestamps as strings (js-yaml's YAML 1.1 schema would
 * make Dates of them and silently read an offset-less time as UTC).
 */
export function parseFrontMatter(text: string): FrontMatter {
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) {
    return { ok: false, message: '파일이 front matter(첫 줄 ---)로 시작하지 않습니다.' };
  }
  const close = lines.findIndex((line, i) => i > 0 && CLOSING_FENCE.test(line));
  if (close < 0) return { ok: false, message: 'front matter를 닫는 --- 줄이 없습니다.' };
  const yaml = lines.slice(1, close).join('\n');
  const body = lines.slice(close + 1).join('\n');
  if (yaml.trim() === '') return { ok: true, data: {}, body };
  let data: unknown;
  try {
    data = load(yaml, { schema: CORE_SCHEMA, maxAliases: 0 });
  } catch (error) {
    if (error instanceof YAMLException) {
      // +2: the mark counts from 0 within the block, which starts after the opening ---.
      const where = error.mark ? `${error.mark.line + 2}행 ${error.mark.column + 1}열: ` : '';
      return { ok: false, message: `YAML을 읽을 수 없습니다 (${where}${error.reason}).` };
    }
    return { ok: false, message: `YAML을 읽을 수 없습니다 (${error instanceof Error ? error.message : String(error)}).` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, message: 'front matter는 "키: 값" 형태의 매핑이어야 합니다.' };
  }
  return { ok: true, data: data as Record<string, unknown>, body };
}
