import { EMAIL_EN, EMAIL_VI, type EmailMessageKey } from './email-messages';

/**
 * The one message catalog for chat (Messenger) and email, en + vi. No Node-only imports: the web
 * app loads it in the browser too.
 */

/** A customer's language. */
export type Locale = 'en' | 'vi';

/** Every supported locale, default first. */
export const LOCALES: readonly Locale[] = ['en', 'vi'];

/**
 * Every sentence the bot says, per locale. Keys are stable; `{name}` placeholders are filled by
 * `t()`. Quick-reply titles must stay ≤ 20 characters (Meta's limit).
 */
const en = {
  welcome: 'Hi! I can book, move or cancel appointments for you. What would you like to do?',
  menuPrompt: 'What would you like to do?',
  help: 'I can book an appointment, show your appointments (to cancel or reschedule), or connect you with a person. Type "book", "my appointments" or "human" at any time, and "cancel" to leave a step.',
  notUnderstood: 'Sorry, I did not get that. Pick an option below or type "help".',
  'menu.book': 'Book an appointment',
  'menu.appointments': 'My appointments',
  'menu.help': 'Help',
  'menu.human': 'Talk to a person',
  'book.pickService': 'Which service would you like?',
  'book.noServices': 'There are no services to book right now. Please try again later.',
  'book.pickDay': 'Which day suits you for {service}?',
  'book.noDays':
    'There are no free times for {service} in the next {days} days. Try another service or talk to a person.',
  'book.pickTime': 'Free times on {day} ({zone}):',
  'book.noTimes': 'That day has just filled up. Please pick another day.',
  'book.moreTimes': 'More times',
  'book.otherDay': 'Other day',
  'book.moreServices': 'More services',
  'book.reaskService': 'Please pick a service from the list.',
  'book.reaskDay': 'Please pick one of the days below.',
  'book.reaskTime': 'Please pick one of the times below.',
  'book.confirm': 'Book {service} with {consultant} on {when}?',
  'book.confirmYes': 'Confirm',
  'book.changeTime': 'Change time',
  'book.cancelFlow': 'Cancel',
  'book.slotTaken': 'Sorry, that time was just taken. Here are the times still free:',
  'book.booked': 'Booked! {service} with {consultant} on {when}. A confirmation is on its way to {email}.',
  'auth.askEmail': 'To book, I need your email address (we send the confirmation there). What is it?',
  'auth.askEmailForAppointments':
    'To find your appointments, I need the email address you booked with. What is it?',
  'auth.badEmail':
    'That does not look like an email address. Please type it like name@example.com, or "cancel".',
  'auth.codeSent': 'I sent a 6-digit code to {email}. Please type it here (it expires in {minutes} minutes).',
  'auth.badCode':
    'That code is wrong or has expired. Type the 6 digits from the email, "resend" for a new code, or "cancel".',
  'auth.reaskCode': 'Please type the 6-digit code from the email, "resend" for a new code, or "cancel".',
  'auth.locked': 'Too many wrong codes. For your security, please try again in {minutes} minutes.',
  'auth.wait': 'Please wait {seconds} seconds before asking for another code.',
  'auth.linked': 'Thanks, your email is verified.',
  'appts.none': 'You have no upcoming appointments.',
  'appts.intro': 'Your upcoming appointments:',
  'appts.cancel': 'Cancel',
  'appts.reschedule': 'Reschedule',
  'appts.confirmCancel': 'Cancel {service} on {when}?',
  'appts.yesCancel': 'Yes, cancel it',
  'appts.keep': 'Keep it',
  'appts.cancelled': 'Done: your appointment {service} on {when} is cancelled.',
  'appts.cutoff':
    'It is too late to change this appointment online (less than {minutes} minutes before it starts). Please talk to a person.',
  'appts.notChangeable': 'This appointment can no longer be changed.',
  'appts.gone': 'I could not find that appointment.',
  'resched.pickDay': 'Which new day suits you for {service}?',
  'resched.confirm': 'Move {service} from {from} to {when}?',
  'resched.yes': 'Move it',
  'resched.done': 'Done: {service} is now on {when}.',
  'flow.cancelled': 'OK, cancelled. Anything else?',
  'handover.passing':
    'I am connecting you with a person. A team member will answer here as soon as possible.',
  'handover.back': 'You are back with the booking assistant. What would you like to do?',
  'error.generic': 'Sorry, something went wrong on our side. Please try again in a moment.',
  'nlu.understood': 'Got it: {service} on {when}.',
  'nlu.notFree': '{time} on {day} is not free. The nearest free times: {times}.',
  'handover.idleBack':
    'Our team has not been able to answer yet, so the booking assistant is back. What would you like to do?',
};

type ChatMessageKey = keyof typeof en;
/** Every key of the catalog: chat sentences and the email texts (email-messages.ts). */
export type MessageKey = ChatMessageKey | EmailMessageKey;

const vi: Record<ChatMessageKey, string> = {
  welcome: 'Xin chào! Tôi có thể đặt, đổi hoặc hủy lịch hẹn giúp bạn. Bạn muốn làm gì?',
  menuPrompt: 'Bạn muốn làm gì?',
  help: 'Tôi có thể đặt lịch hẹn, xem lịch của bạn (để hủy hoặc đổi lịch), hoặc kết nối bạn với nhân viên. Gõ "đặt lịch", "lịch của tôi" hoặc "nhân viên" bất cứ lúc nào, và "hủy" để thoát.',
  notUnderstood: 'Xin lỗi, tôi chưa hiểu. Hãy chọn một mục bên dưới hoặc gõ "giúp".',
  'menu.book': 'Đặt lịch hẹn',
  'menu.appointments': 'Lịch của tôi',
  'menu.help': 'Trợ giúp',
  'menu.human': 'Gặp nhân viên',
  'book.pickService': 'Bạn muốn dùng dịch vụ nào?',
  'book.noServices': 'Hiện chưa có dịch vụ nào để đặt. Vui lòng thử lại sau.',
  'book.pickDay': 'Bạn muốn đặt {service} vào ngày nào?',
  'book.noDays':
    'Không còn giờ trống cho {service} trong {days} ngày tới. Hãy chọn dịch vụ khác hoặc gặp nhân viên.',
  'book.pickTime': 'Giờ trống ngày {day} ({zone}):',
  'book.noTimes': 'Ngày này vừa hết chỗ. Vui lòng chọn ngày khác.',
  'book.moreTimes': 'Thêm giờ',
  'book.otherDay': 'Ngày khác',
  'book.moreServices': 'Dịch vụ khác',
  'book.reaskService': 'Vui lòng chọn một dịch vụ trong danh sách.',
  'book.reaskDay': 'Vui lòng chọn một ngày bên dưới.',
  'book.reaskTime': 'Vui lòng chọn một giờ bên dưới.',
  'book.confirm': 'Đặt {service} với {consultant} vào {when}?',
  'book.confirmYes': 'Xác nhận',
  'book.changeTime': 'Đổi giờ',
  'book.cancelFlow': 'Hủy',
  'book.slotTaken': 'Xin lỗi, giờ đó vừa có người đặt. Các giờ còn trống:',
  'book.booked': 'Đã đặt! {service} với {consultant} vào {when}. Email xác nhận đã được gửi tới {email}.',
  'auth.askEmail': 'Để đặt lịch, tôi cần email của bạn (để gửi xác nhận). Email của bạn là gì?',
  'auth.askEmailForAppointments': 'Để tìm lịch hẹn, tôi cần email bạn đã dùng để đặt. Email của bạn là gì?',
  'auth.badEmail': 'Email chưa đúng định dạng. Vui lòng gõ dạng ten@example.com, hoặc "hủy".',
  'auth.codeSent': 'Tôi đã gửi mã 6 số tới {email}. Vui lòng gõ mã ở đây (hết hạn sau {minutes} phút).',
  'auth.badCode': 'Mã không đúng hoặc đã hết hạn. Gõ 6 số trong email, "gửi lại" để nhận mã mới, hoặc "hủy".',
  'auth.reaskCode': 'Vui lòng gõ mã 6 số trong email, "gửi lại" để nhận mã mới, hoặc "hủy".',
  'auth.locked': 'Nhập sai quá nhiều lần. Để bảo mật, vui lòng thử lại sau {minutes} phút.',
  'auth.wait': 'Vui lòng đợi {seconds} giây trước khi yêu cầu mã mới.',
  'auth.linked': 'Cảm ơn, email của bạn đã được xác minh.',
  'appts.none': 'Bạn không có lịch hẹn sắp tới.',
  'appts.intro': 'Lịch hẹn sắp tới của bạn:',
  'appts.cancel': 'Hủy',
  'appts.reschedule': 'Đổi lịch',
  'appts.confirmCancel': 'Hủy {service} vào {when}?',
  'appts.yesCancel': 'Đồng ý hủy',
  'appts.keep': 'Giữ lại',
  'appts.cancelled': 'Xong: lịch hẹn {service} vào {when} đã được hủy.',
  'appts.cutoff': 'Đã quá muộn để đổi lịch này trực tuyến (còn dưới {minutes} phút). Vui lòng gặp nhân viên.',
  'appts.notChangeable': 'Lịch hẹn này không thể thay đổi nữa.',
  'appts.gone': 'Tôi không tìm thấy lịch hẹn đó.',
  'resched.pickDay': 'Bạn muốn dời {service} sang ngày nào?',
  'resched.confirm': 'Dời {service} từ {from} sang {when}?',
  'resched.yes': 'Dời lịch',
  'resched.done': 'Xong: {service} đã được dời sang {when}.',
  'flow.cancelled': 'Đã hủy thao tác. Bạn cần gì nữa không?',
  'handover.passing': 'Tôi đang kết nối bạn với nhân viên. Nhân viên sẽ trả lời tại đây sớm nhất có thể.',
  'handover.back': 'Bạn đã quay lại với trợ lý đặt lịch. Bạn muốn làm gì?',
  'error.generic': 'Xin lỗi, hệ thống đang gặp sự cố. Vui lòng thử lại sau ít phút.',
  'nlu.understood': 'Đã hiểu: {service} vào {when}.',
  'nlu.notFree': '{time} ngày {day} đã kín. Các giờ trống gần nhất: {times}.',
  'handover.idleBack': 'Nhân viên chưa thể trả lời, trợ lý đặt lịch đã quay lại. Bạn muốn làm gì?',
};

const CATALOG: Record<Locale, Record<MessageKey, string>> = {
  en: { ...en, ...EMAIL_EN },
  vi: { ...vi, ...EMAIL_VI },
};

/** The sentence `key` in `locale`, placeholders filled. */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return CATALOG[locale][key].replace(/\{(\w+)\}/g, (m, name: string) => String(vars[name] ?? m));
}

/** Words that mean "send me a new code". */
export const RESEND_WORDS = ['resend', 'new code', 'gui lai', 'ma moi'];

/** The locale of a stored tag ("vi", "vi-VN" → vi; anything else or none → en). */
export function toLocale(tag: string | null | undefined): Locale {
  return tag?.trim().toLowerCase().startsWith('vi') ? 'vi' : 'en';
}

/** Luxon/Intl locale of a chat locale. */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', vi: 'vi-VN' };
