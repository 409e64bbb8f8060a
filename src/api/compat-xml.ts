// The XML of the open-data portal's 보도자료 API (service 1371000/pressReleaseService),
// so collectors written against the portal can point at briefroom unchanged.
import { cdata, element, xmlText } from '../feeds/xml.js';
import { addDays, kstDayStart } from '../shared/time.js';

/** The portal's gateway error codes this endpoint can answer with. */
export const PORTAL_ERRORS = {
  INVALID_REQUEST_PARAMETER_ERROR: '10',
  NO_MANDATORY_REQUEST_PARAMETERS_ERROR: '11',
  LIMITED_NUMBER_OF_SERVICE_REQUESTS_EXCEEDS_ERROR: '22',
  SERVICE_KEY_IS_NOT_REGISTERED_ERROR: '30',
  UNKNOWN_ERROR: '99',
} as const;
export type PortalError = keyof typeof PORTAL_ERRORS;

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** <OpenAPI_ServiceResponse>: the shape the portal answers refused requests with. */
export function portalErrorXml(error: PortalError): string {
  return (
    DECLARATION +
    `<OpenAPI_ServiceResponse><cmmMsgHeader>${element('errMsg', error)}${element('returnAuthMsg', error)}` +
    `${element('returnReasonCode', PORTAL_ERRORS[error])}</cmmMsgHeader></OpenAPI_ServiceResponse>`
  );
}

/** MM/DD/YYYY HH24:MI:SS in KST, as the portal writes dates. */
export function portalDate(iso: string): string {
  const shifted = new Date(new Date(iso).getTime() + 9 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(shifted.getUTCMonth() + 1)}/${pad(shifted.getUTCDate())}/${shifted.getUTCFullYear()} ${pad(shifted.getUTCHours())}:${pad(
    shifted.getUTCMinutes(),
  )}:${pad(shifted.getUTCSeconds())}`;
}

export interface NewsItem {
  id: number;
  /** the row's change counter, from 1 */
  modifyId: number;
  modifiedAt: string;
  approvedAt: string;
  embargoAt: string;
  approverName: string;
  title: string;
  subtitles: string[];
  bodyHtml: string;
  ministry: string;
  url: string;
  files: { name: string; url: string }[];
}

export function newsItemXml(item: NewsItem): string {
  const sub = (n: number) => element(`SubTitle${n}`, item.subtitles[n - 1] ?? '');
  return (
    '<NewsItem>' +
    element('NewsItemId', item.id) +
    element('ContentsStatus', item.modifyId > 1 ? 'U' : 'I') +
    element('ModifyId', item.modifyId) +
    element('ModifyDate', portalDate(item.modifiedAt)) +
    element('ApproveDate', portalDate(item.approvedAt)) +
    element('EmbargoDate', portalDate(item.embargoAt)) +
    element('ApproverName', item.approverName) +
    element('GroupingCode', 'brief') +
    element('Title', item.title) +
    sub(1) +
    sub(2) +
    sub(3) +
    `<DataContents>${cdata(item.bodyHtml)}</DataContents>` +
    element('MinisterCode', item.ministry) +
    element('OriginalUrl', item.url) +
    item.files.map((f) => element('FileName', f.name) + element('FileUrl', f.url)).join('') +
    '</NewsItem>'
  );
}

/** resultCode 0 with the items, or 03 (NODATA_ERROR) and an empty body when there are none. */
export function responseXml(items: NewsItem[]): string {
  const header = items.length
    ? `<header>${element('resultCode', '0')}${element('resultMsg', 'NORMAL SERVICE')}</header>`
    : `<header>${element('resultCode', '03')}${element('resultMsg', 'NODATA_ERROR')}</header>`;
  return `${DECLARATION}<response>${header}<body>${items.map(newsItemXml).join('')}</body></response>`;
}

export const MAX_RANGE_DAYS = 3;
export const MAX_ROWS = 1000;

export interface PortalRequest {
  serviceKey: string;
  /** UTC instants bounding the KST days asked for: [from, until) */
  from: string;
  until: string;
  pageNo: number;
  numOfRows: number;
}

function one(raw: Record<string, unknown>, key: string): string | undefined | null {
  const value = raw[key];
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value.trim() : null;
}

function yyyymmdd(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return match ? kstDayStart(`${match[1]}-${match[2]}-${match[3]}`) : null;
}

/**
 * Reads the portal's query parameters. Dates are KST calendar days, both ends
 * included, at most MAX_RANGE_DAYS days (e.g. 20240101–20240103).
 */
export function parsePortalRequest(raw: Record<string, unknown>): PortalRequest | { error: PortalError } {
  const serviceKey = one(raw, 'serviceKey') ?? one(raw, 'ServiceKey');
  if (!serviceKey) return { error: 'SERVICE_KEY_IS_NOT_REGISTERED_ERROR' };
  const start = one(raw, 'startDate');
  const end = one(raw, 'endDate');
  if (start === undefined || end === undefined) return { error: 'NO_MANDATORY_REQUEST_PARAMETERS_ERROR' };
  if (start === null || end === null) return { error: 'INVALID_REQUEST_PARAMETER_ERROR' };
  const from = yyyymmdd(start);
  const endDay = yyyymmdd(end);
  if (!from || !endDay || endDay < from) return { error: 'INVALID_REQUEST_PARAMETER_ERROR' };
  const until = addDays(endDay, 1);
  if (new Date(until).getTime() - new Date(from).getTime() > MAX_RANGE_DAYS * 86_400_000) return { error: 'INVALID_REQUEST_PARAMETER_ERROR' };
  const number = (key: string, fallback: number, max: number) => {
    const text = one(raw, key);
    if (text === undefined) return fallback;
    if (text === null || !/^[1-9]\d{0,6}$/.test(text) || Number(text) > max) return null;
    return Number(text);
  };
  const pageNo = number('pageNo', 1, 1_000_000);
  const numOfRows = number('numOfRows', 10, MAX_ROWS);
  if (pageNo === null || numOfRows === null) return { error: 'INVALID_REQUEST_PARAMETER_ERROR' };
  return { serviceKey, from, until, pageNo, numOfRows };
}

export { xmlText };
