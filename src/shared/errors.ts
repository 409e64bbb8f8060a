export type ErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_QUERY'
  | 'RELEASE_NOT_FOUND'
  | 'NOT_FOUND'
  | 'VALIDATION_FAILED'
  | 'FORBIDDEN'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'REASON_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'BUSY';

const STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  INVALID_QUERY: 400,
  RELEASE_NOT_FOUND: 404,
  NOT_FOUND: 404,
  VALIDATION_FAILED: 422,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  REASON_REQUIRED: 422,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  BUSY: 503,
};

/** An error a person can act on: a stable code, an HTTP status, and a Korean sentence. */
export class AppError extends Error {
  readonly statusCode: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = 'AppError';
    this.statusCode = STATUS[code];
  }
}
