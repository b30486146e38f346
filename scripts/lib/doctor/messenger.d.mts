// Types of messenger.mjs for the type-checked tests.
export const REQUIRED_FIELDS: string[];
export const PAGE_INBOX_APP_ID: string;
