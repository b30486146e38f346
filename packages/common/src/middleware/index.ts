export {
  type AuthContext,
  type AuthContextOptions,
  type AuthedEvent,
  authContext,
  type Role,
} from './auth-context';
export { type JsonBodyOptions, type JsonEvent, jsonBody } from './json-body';
export { type ProblemDetailsOptions, problemDetails, problemResponse } from './problem-details';
export { type RateLimitOptions, rateLimiter } from './rate-limit';
export { type ValidatedEvent, type ValidateOptions, validate, zodIssues } from './validate';
