import { EMBARGO_PRESETS, RELEASE_TYPES, type EmbargoPreset, type ReleaseType } from '../db/schema.js';
import { kstDayStart } from '../shared/time.js';
import { embargoTime, parseKstLocal, type EmbargoInput, type EmbargoSettings } from './embargo.js';

/** One edition of a release as a person writes it: what every save stores in a revision. */
export interface ReleaseInput {
  ministryId: number;
  type: ReleaseType;
  title: string;
  subtitles: string[];
  summary: string[];
  bodyMarkdown: string;
  department: string;
  contactResponsible: string;
  contactPerson: string;
  contactPhone: string;
  embargo: EmbargoInput;
  /** 보도시점 the preset gives (UTC ISO) */
  releasedAt: string;
  /** 배포 (UTC ISO), or null to take the approval time */
  distributedAt: string | null;
  licence: number;
  featured: boolean;
  rebuttal: { outlet: string; date: string | null; title: string } | null;
  changeNote: string | null;
  minor: boolean;
}

/** The editor form's fields as strings, as they were typed: what a refused form shows again. */
export interface ReleaseFormValues {
  ministry_id: string;
  type: string;
  title: string;
  subtitles: string;
  summary: string;
  body: string;
  department: string;
  contact_responsible: string;
  contact_person: string;
  contact_phone: string;
  embargo_preset: string;
  paper_date: string;
  released_at_local: string;
  distributed_at_local: string;
  licence: string;
  featured: string;
  rebuttal_outlet: string;
  rebuttal_date: string;
  rebuttal_title: string;
  change_note: string;
  minor: string;
}

export const FORM_FIELDS = [
  'ministry_id', 'type', 'title', 'subtitles', 'summary', 'body', 'department', 'contact_responsible', 'contact_person',
  'contact_phone', 'embargo_preset', 'paper_date', 'released_at_local', 'distributed_at_local', 'licence', 'featured',
  'rebuttal_outlet', 'rebuttal_date', 'rebuttal_title', 'change_note', 'minor',
] as const satisfies readonly (keyof ReleaseFormValues)[];

/** A problem with one field; `field` is the form control's name, so the summary can link to it. */
export interface FieldError {
  field: keyof ReleaseFormValues;
  message: string;
}

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function formValuesFrom(body: unknown): ReleaseFormValues {
  const raw = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const values = {} as ReleaseFormValues;
  for (const field of FORM_FIELDS) {
    const value = raw[field];
    // Control characters (NUL, escape sequences ...) have no place in a release;
    // line breaks and tabs are kept for the multi-line fields.
    values[field] = typeof value === 'string' ? value.normalize('NFC').replace(CONTROL_CHARACTERS, '') : '';
  }
  return values;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

const LIMITS = { title: 300, line: 300, body: 200_000, short: 100, note: 500 } as const;

/**
 * Reads the editor form into a release edition, with every problem named per field.
 * `correction` is set when a published release is being edited: a change note is
 * then required unless the change is marked minor.
 */
export function readReleaseForm(
  values: ReleaseFormValues,
  settings: EmbargoSettings,
  now: Date,
  options: { correction: boolean },
): { input: ReleaseInput | null; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const err = (field: keyof ReleaseFormValues, message: string) => errors.push({ field, message });

  const ministryId = Number(values.ministry_id);
  if (!Number.isSafeInteger(ministryId) || ministryId <= 0) err('ministry_id', '부처를 선택해 주세요.');
  const type = values.type as ReleaseType;
  if (!RELEASE_TYPES.includes(type)) err('type', '자료 유형을 선택해 주세요.');
  const title = values.title.trim();
  if (!title) err('title', '제목을 입력해 주세요.');
  else if (title.length > LIMITS.title) err('title', `제목은 ${LIMITS.title}자 이하로 입력해 주세요.`);
  const subtitles = lines(values.subtitles);
  if (subtitles.length > 3) err('subtitles', '부제목은 세 줄까지 입력할 수 있습니다.');
  if (subtitles.some((l) => l.length > LIMITS.line)) err('subtitles', `부제목 한 줄은 ${LIMITS.line}자 이하로 입력해 주세요.`);
  const summary = lines(values.summary);
  if (summary.some((l) => l.length > LIMITS.line)) err('summary', `요약 한 줄은 ${LIMITS.line}자 이하로 입력해 주세요.`);
  const bodyMarkdown = values.body.replace(/\r\n/g, '\n');
  if (bodyMarkdown.length > LIMITS.body) err('body', `본문은 ${LIMITS.body.toLocaleString('ko-KR')}자 이하로 입력해 주세요.`);
  const shortFields = ['department', 'contact_responsible', 'contact_person', 'contact_phone'] as const;
  for (const field of shortFields) {
    if (values[field].trim().length > LIMITS.short) err(field, `${LIMITS.short}자 이하로 입력해 주세요.`);
  }
  if (values.contact_phone.trim() && !/^[0-9+()\-.\s~,]{4,40}$/.test(values.contact_phone.trim())) {
    err('contact_phone', '연락처는 숫자와 하이픈으로 입력해 주세요 (예: 044-204-7000).');
  }

  const preset = values.embargo_preset as EmbargoPreset;
  let releasedAt: string | null = null;
  let embargo: EmbargoInput = { preset: 'explicit' };
  if (!EMBARGO_PRESETS.includes(preset)) {
    err('embargo_preset', '보도시점 방식을 선택해 주세요.');
  } else {
    embargo = { preset, paperDate: values.paper_date.trim() || undefined, explicitAt: values.released_at_local.trim() || undefined };
    const result = embargoTime(embargo, settings, now);
    if (result.ok) releasedAt = result.releasedAt;
    else err(preset === 'explicit' ? 'released_at_local' : 'paper_date', result.message);
  }
  let distributedAt: string | null = null;
  if (values.distributed_at_local.trim()) {
    distributedAt = parseKstLocal(values.distributed_at_local);
    if (!distributedAt) err('distributed_at_local', '배포 시각을 날짜와 시각(예: 2025-03-04 09:00)으로 입력해 주세요.');
  }

  const licence = Number(values.licence || '1');
  if (!Number.isInteger(licence) || licence < 0 || licence > 4) err('licence', '공공누리 유형을 선택해 주세요.');

  let rebuttal: ReleaseInput['rebuttal'] = null;
  const outlet = values.rebuttal_outlet.trim();
  const reportTitle = values.rebuttal_title.trim();
  const reportDate = values.rebuttal_date.trim();
  if (type === '해명자료') {
    if (!outlet) err('rebuttal_outlet', '해명자료는 해명하는 보도의 언론사를 입력해 주세요.');
    if (!reportTitle) err('rebuttal_title', '해명자료는 해명하는 보도의 제목을 입력해 주세요.');
    if (reportDate && !kstDayStart(reportDate)) err('rebuttal_date', '보도 날짜를 2025-03-04 형식으로 입력해 주세요.');
    if (outlet.length > LIMITS.short) err('rebuttal_outlet', `${LIMITS.short}자 이하로 입력해 주세요.`);
    if (reportTitle.length > LIMITS.title) err('rebuttal_title', `${LIMITS.title}자 이하로 입력해 주세요.`);
    rebuttal = { outlet, date: reportDate || null, title: reportTitle };
  }

  const minor = values.minor === '1';
  const changeNote = values.change_note.trim() || null;
  if (options.correction && !minor && !changeNote) {
    err('change_note', '게시된 보도자료를 고칠 때는 독자에게 보일 수정 내용을 적어 주세요. 오탈자 같은 경미한 수정이면 "경미한 수정"을 선택해 주세요.');
  }
  if (changeNote && changeNote.length > LIMITS.note) err('change_note', `수정 내용은 ${LIMITS.note}자 이하로 입력해 주세요.`);

  if (errors.length || releasedAt === null) return { input: null, errors };
  return {
    input: {
      ministryId,
      type,
      title,
      subtitles,
      summary,
      bodyMarkdown,
      department: values.department.trim(),
      contactResponsible: values.contact_responsible.trim(),
      contactPerson: values.contact_person.trim(),
      contactPhone: values.contact_phone.trim(),
      embargo,
      releasedAt,
      distributedAt,
      licence,
      featured: values.featured === '1',
      rebuttal,
      changeNote: options.correction ? changeNote : null,
      minor: options.correction ? minor : false,
    },
    errors,
  };
}
