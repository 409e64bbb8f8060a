// `briefroom import <dir>`: Markdown files with YAML front matter become published releases.
export { importDirectory, listContentFiles } from './content-importer.js';
export {
  emptyImportReport,
  failedFiles,
  formatImportReport,
  type ImportedRelease,
  type ImportFailure,
  type ImportRepair,
  type ImportReport,
  type UpdatedRelease,
} from './content-report.js';
export { readContentFile, type ContentFile, type FieldRepair } from './content-document.js';
export { decodeContent, type ContentEncoding, type DecodedContent } from './content-encoding.js';
export { parseFrontMatter, FRONT_MATTER_FIELD, type FrontMatter } from './content-front-matter.js';
export { repairMiddleDots, MIDDLE_DOT, type MiddleDotRepair, type RepairedText } from './content-repair.js';
export {
  parseInstant,
  validateReleaseDocument,
  MAX_SUBTITLES,
  type FieldError,
  type ReleaseDocument,
  type ValidationResult,
} from './content-validation.js';
