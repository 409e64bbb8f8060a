import type { ContentEncoding } from './content-encoding.js';

export interface ImportedRelease {
  file: string;
  id: number;
  title: string;
}

export interface UpdatedRelease extends ImportedRelease {
  /** the columns that changed */
  fields: string[];
}

export interface ImportRepair {
  file: string;
  field: string;
  before: string;
  after: string;
}

export interface ImportFailure {
  file: string;
  field: string;
  message: string;
}

export interface ImportReport {
  created: ImportedRelease[];
  updated: UpdatedRelease[];
  unchanged: ImportedRelease[];
  /** lost middle dots restored, in the files that were created or updated */
  repairs: ImportRepair[];
  /** one entry per problem; a file may have several */
  failures: ImportFailure[];
  /** the encoding each readable file was decoded from */
  encodings: { file: string; encoding: ContentEncoding }[];
  /** ministries the import had to create, with the file that named them first */
  ministriesCreated: { file: string; name: string }[];
}

export function emptyImportReport(): ImportReport {
  return { created: [], updated: [], unchanged: [], repairs: [], failures: [], encodings: [], ministriesCreated: [] };
}

/** The files that failed, each once, in report order. */
export function failedFiles(report: ImportReport): string[] {
  return [...new Set(report.failures.map((f) => f.file))];
}

const ENCODING_LABEL: Record<ContentEncoding, string> = { 'utf-8': 'UTF-8', cp949: 'CP949(EUC-KR)' };

/** Korean lines for the terminal, the summary last. */
export function formatImportReport(report: ImportReport): string[] {
  const lines: string[] = [];
  for (const e of report.encodings) {
    if (e.encoding !== 'utf-8') lines.push(`인코딩  ${e.file} — ${ENCODING_LABEL[e.encoding]}(으)로 읽었습니다.`);
  }
  for (const m of report.ministriesCreated) lines.push(`부처 생성  ${m.name} (${m.file})`);
  for (const r of report.created) lines.push(`생성  ${r.file} → #${r.id} ${r.title}`);
  for (const r of report.updated) lines.push(`갱신  ${r.file} → #${r.id} ${r.title} (${r.fields.join(', ')})`);
  for (const r of report.unchanged) lines.push(`변경 없음  ${r.file} → #${r.id}`);
  for (const r of report.repairs) lines.push(`복구  ${r.file}: ${r.field} — "${r.before}" → "${r.after}"`);
  for (const f of report.failures) lines.push(`실패  ${f.file}: ${f.field} — ${f.message}`);
  lines.push(
    `생성 ${report.created.length}건, 갱신 ${report.updated.length}건, 변경 없음 ${report.unchanged.length}건, ` +
      `복구 ${report.repairs.length}건, 실패 ${failedFiles(report).length}건`,
  );
  return lines;
}
