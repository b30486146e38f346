import type { Locale } from '@bookingbot/common/i18n';
import { hasPhrase } from './fold';
import type { NluIntent } from './types';

/**
 * Intent keywords, folded (no accents). Checked in this order and the first hit wins, so the more
 * specific intent comes first: "cancel my appointment" is a cancel, "dời lịch hẹn" a reschedule,
 * "đặt lịch hẹn" a booking. A small table staff can read and extend, rather than a model.
 */
const PHRASES: [NluIntent, Locale, string[]][] = [
  [
    'person',
    'en',
    [
      'talk to a person',
      'person',
      'human',
      'agent',
      'staff',
      'operator',
      'someone',
      'representative',
      'real people',
      'customer service',
      'speak to',
    ],
  ],
  [
    'person',
    'vi',
    [
      'nhan vien',
      'gap nguoi',
      'nguoi that',
      'tu van vien',
      'tong dai',
      'cskh',
      'noi chuyen voi nguoi',
      'admin',
    ],
  ],
  [
    'reschedule',
    'en',
    [
      'reschedule',
      're-schedule',
      'move',
      'change to',
      'switch to',
      'change my appointment',
      'change my booking',
      'change the time',
      'change the date',
      'change it',
      'postpone',
      'push back',
      'push my',
      'another time',
      'different time',
      'another day',
      'different day',
    ],
  ],
  [
    'reschedule',
    'vi',
    [
      'doi lich',
      'doi gio',
      'doi ngay',
      'doi sang',
      'doi qua',
      'doi hen',
      'chuyen lich',
      'chuyen sang',
      'chuyen qua',
      'doi lai',
      'hoan lich',
      'lui lich',
      'doi thoi gian',
    ],
  ],
  ['cancel', 'en', ['cancel', 'call off', 'cancellation', "can't make it", 'cant make it', 'cannot make it']],
  ['cancel', 'vi', ['huy', 'khong den duoc', 'khong di duoc', 'bo lich']],
  [
    'myAppointments',
    'en',
    [
      'my appointments',
      'my appointment',
      'my bookings',
      'my booking',
      'my schedule',
      'upcoming',
      'what did i book',
      'when is my',
    ],
  ],
  [
    'myAppointments',
    'vi',
    [
      'lich cua toi',
      'lich hen cua toi',
      'lich cua minh',
      'xem lich',
      'lich da dat',
      'kiem tra lich',
      'toi co lich',
    ],
  ],
  [
    'book',
    'en',
    [
      'book',
      'booking',
      'appointment',
      'schedule',
      'reserve',
      'reservation',
      'sign up',
      'sign me up',
      'make an appt',
      'appt',
      "i'd like",
      'i would like',
      'i want',
      'can i get',
      'set up',
    ],
  ],
  [
    'book',
    'vi',
    ['dat lich', 'dat hen', 'hen lich', 'dang ky', 'dat', 'muon hen', 'lich hen', 'cho toi gap', 'toi muon'],
  ],
  ['help', 'en', ['help', 'menu', 'options', 'what can you do', 'how does this work', 'info']],
  ['help', 'vi', ['giup', 'tro giup', 'huong dan', 'lam sao', 'the nao']],
];

/** Whole-message answers: "yes", "ok nhé", "không". Words that may come along are ignored. */
const YES = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'kk',
  'oke',
  'okie',
  'sure',
  'confirm',
  'confirmed',
  'correct',
  'right',
  'perfect',
  'great',
  'alright',
  'good',
  'fine',
  'go',
  'ahead',
  'do',
  'it',
  'sounds',
  'of',
  'course',
  'co',
  'dung',
  'dong',
  'y',
  'duoc',
  'dc',
  'u',
  'uh',
  'um',
  'vang',
  'da',
  'xac',
  'nhan',
  'chuan',
  'chot',
  'luon',
  'roi',
]);
const NO = new Set([
  'no',
  'n',
  'nope',
  'nah',
  'not',
  'never',
  'mind',
  'dont',
  "don't",
  'khong',
  'ko',
  'k0',
  'hong',
  'thoi',
  'chua',
  'can',
  'dau',
]);
const FILLER = new Set([
  'please',
  'pls',
  'plz',
  'thanks',
  'thank',
  'you',
  'a',
  'ah',
  'a.',
  'nhe',
  'nha',
  'nhen',
  'ha',
  'em',
  'anh',
  'chi',
  'ban',
  'ad',
  'shop',
  'that',
  'thats',
  "that's",
  'is',
  'cam',
  'on',
]);
const GREETING = [
  'hi',
  'hello',
  'hey',
  'hiya',
  'good morning',
  'good afternoon',
  'good evening',
  'get started',
  'start',
  'xin chao',
  'chao',
  'alo',
  'hello shop',
  'bat dau',
];
const YES_HEADS = new Set([
  'yes',
  'y',
  'yeah',
  'yep',
  'yup',
  'ok',
  'okay',
  'oke',
  'okie',
  'sure',
  'confirm',
  'confirmed',
  'correct',
  'co',
  'dung',
  'dong',
  'duoc',
  'dc',
  'u',
  'uh',
  'vang',
  'da',
  'xac',
  'chot',
  'sounds',
  'great',
  'perfect',
  'fine',
  'good',
  'alright',
]);
const NO_HEADS = new Set(['no', 'n', 'nope', 'nah', 'khong', 'ko', 'k0', 'hong', 'thoi', 'chua', 'never']);

function answer(folded: string): 'yes' | 'no' | undefined {
  const words = folded.split(' ').filter((w) => w && !FILLER.has(w));
  if (words.length === 0 || words.length > 4) return undefined;
  const head = words[0] ?? '';
  if (NO_HEADS.has(head) && words.every((w) => NO.has(w) || YES.has(w))) return 'no';
  if (YES_HEADS.has(head) && words.every((w) => YES.has(w))) return 'yes';
  return undefined;
}

/** The intent of a folded message, with the language of the keyword that decided it. */
export function detectIntent(folded: string): { intent: NluIntent; locale?: Locale } {
  const yn = answer(folded);
  if (yn) return { intent: yn };
  for (const [intent, locale, phrases] of PHRASES)
    if (phrases.some((p) => hasPhrase(folded, p))) return { intent, locale };
  if (GREETING.some((g) => hasPhrase(folded, g))) return { intent: 'greeting' };
  return { intent: 'unknown' };
}

/** Folded words that only Vietnamese uses (for choosing the grammar of unaccented text). */
const VI_WORDS =
  /\b(?:dat|lich|hen|huy|gio|chieu|sang|toi|trua|mai|nay|ngay|thang|thu|tuan|cho|muon|gap|nhan vien|vao|luc|doi|khong|duoc|xin|chao|giup|tu van|goi|gioi thieu|buoi|hom|cn|t[2-7])\b/g;

/** True when unaccented text reads as Vietnamese (two or more Vietnamese-only words). */
export function looksVietnamese(folded: string): boolean {
  return (folded.match(VI_WORDS)?.length ?? 0) >= 2;
}
