/**
 * Free-text understanding: keyword intents in English and Vietnamese, case and accent insensitive
 * ("HỦY", "huy", "Huỷ" and "cancel" are the same intent). No NLP service: a small, predictable
 * keyword table that staff can read and extend.
 */
export type Intent = 'book' | 'cancel' | 'appointments' | 'help' | 'human' | 'greeting';
export type Locale = 'en' | 'vi';

/** Lower case, no diacritics (đ → d), single spaces, no punctuation. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}@.+_-]+/gu, ' ')
    .trim();
}

// Checked in order: the first intent with a matching phrase wins ("cancel my appointment" → cancel).
const KEYWORDS: [Intent, Locale, string[]][] = [
  ['human', 'en', ['human', 'person', 'agent', 'staff', 'operator', 'real person', 'talk to someone']],
  ['human', 'vi', ['nhan vien', 'gap nguoi', 'tu van vien', 'nguoi that', 'gap tu van']],
  ['cancel', 'en', ['cancel', 'stop', 'quit', 'exit']],
  ['cancel', 'vi', ['huy', 'thoi', 'dung lai']],
  ['appointments', 'en', ['my appointments', 'my appointment', 'my bookings', 'appointments', 'reschedule']],
  ['appointments', 'vi', ['lich cua toi', 'lich hen cua toi', 'xem lich', 'doi lich', 'lich da dat']],
  ['book', 'en', ['book', 'booking', 'appointment', 'schedule', 'reserve']],
  ['book', 'vi', ['dat lich', 'dat hen', 'hen lich', 'dang ky']],
  ['help', 'en', ['help', 'menu', 'options', 'what can you do']],
  ['help', 'vi', ['giup', 'tro giup', 'huong dan', 'tro lai']],
  ['greeting', 'en', ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'start', 'get started']],
  ['greeting', 'vi', ['xin chao', 'chao', 'alo', 'bat dau']],
];

const hasPhrase = (normalized: string, phrase: string) => ` ${normalized} `.includes(` ${phrase} `);

/** The intent of a free-text message, with the locale its keyword belongs to. */
export function detectIntent(text: string): { intent: Intent; locale: Locale } | undefined {
  const n = normalize(text);
  if (!n) return undefined;
  for (const [intent, locale, phrases] of KEYWORDS)
    if (phrases.some((p) => hasPhrase(n, p))) return { intent, locale };
  return undefined;
}

// Vietnamese letters (with tone marks). Some (à, é) exist elsewhere; the bot only speaks en and vi.
const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;

/** Vietnamese when the text carries Vietnamese letters, else undefined (keep the current locale). */
export function detectLocale(text: string): Locale | undefined {
  return VIETNAMESE.test(text) ? 'vi' : undefined;
}

/** A plausible email address (the OTP proves it), trimmed; undefined otherwise. */
export function parseEmail(text: string): string | undefined {
  const t = text.trim();
  return /^[^\s@]{1,64}@[^\s@]{1,253}\.[a-z]{2,63}$/i.test(t) && t.length <= 254 ? t : undefined;
}

/** A 6-digit code typed in chat ("123 456", "code: 123456" accepted). */
export function parseCode(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, '').match(/\d+/g);
  const code = digits?.find((d) => d.length === 6);
  return code;
}

const YES = ['yes', 'y', 'ok', 'okay', 'confirm', 'sure', 'co', 'dong y', 'xac nhan', 'vang', 'u'];

/** A typed "yes" to the step's question ("ok", "có", "đồng ý", or what the NLU reads as yes). */
export function isYes(text: string, understood?: { intent: string }): boolean {
  return YES.includes(normalize(text)) || understood?.intent === 'yes';
}
