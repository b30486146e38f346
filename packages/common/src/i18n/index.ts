export { INTL_LOCALE, LOCALES, type Locale, type MessageKey, RESEND_WORDS, t, toLocale } from './catalog';
