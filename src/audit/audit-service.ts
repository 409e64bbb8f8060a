export { insertAuditEntry as recordAudit, listAuditEntries, listAuditActions, type AuditEntry, type AuditQuery } from './audit-repository.js';
