/**
 * The email part of the one message catalog (merged into `t()` by catalog.ts). Plain text with
 * `{name}` placeholders: the email templates escape every value before it enters HTML.
 * `email.whenFormat` is a Luxon format string (quoted words stay literal).
 */
export const EMAIL_EN = {
  'email.hello': 'Hello {name},',
  'email.helloAnon': 'Hello,',
  'email.whenFormat': "cccc d LLLL yyyy 'at' HH:mm (ZZZZ)",
  'email.booked.subject': 'Booked: {service}, {when}',
  'email.booked.body': 'Your appointment is booked: {service} with {consultant}, {when}.',
  'email.rescheduled.subject': 'Rescheduled: {service}, {when}',
  'email.rescheduled.body': 'Your appointment was moved: {service} with {consultant}, now {when}.',
  'email.rescheduled.was': 'It was {from}.',
  'email.cancelled.subject': 'Cancelled: {service}, {when}',
  'email.cancelled.body': 'Your appointment {service} with {consultant} on {when} is cancelled.',
  'email.cancelled.reason': 'Reason: {reason}.',
  'email.completed.subject': 'Thank you for your visit',
  'email.completed.body': 'Thank you for attending {service} with {consultant} on {when}.',
  'email.noShow.subject': 'We missed you',
  'email.noShow.body':
    'We missed you at {service} with {consultant} on {when}. Book again whenever suits you.',
  'email.reminder.subject': 'Reminder: {service}, {when}',
  'email.reminder.body': 'A reminder of your appointment: {service} with {consultant} on {when}.',
  'email.manage':
    'To reschedule or cancel, type "my appointments" to the bot in Messenger, or use the booking page.',
  'email.invite': 'The attached invitation (invite.ics) puts it in your calendar.',
  'email.inviteCancel': 'The attached file (cancel.ics) takes it out of your calendar.',
  'email.signature': 'The Bookingbot team',
  'email.otp.subject': '{code} is your Bookingbot code',
  'email.otp.code': 'Your code: {code}',
  'email.otp.enterSignIn': 'Enter this code to sign in to Bookingbot.',
  'email.otp.enterMessenger': 'Enter this code to link your Messenger conversation to this email.',
  'email.otp.expires': 'It expires in {minutes} minutes and works once.',
  'email.otp.ignore': 'If you did not ask for it, ignore this email: nobody can sign in without the code.',
};

export type EmailMessageKey = keyof typeof EMAIL_EN;

export const EMAIL_VI: Record<EmailMessageKey, string> = {
  'email.hello': 'Chào {name},',
  'email.helloAnon': 'Xin chào,',
  'email.whenFormat': "cccc, 'ngày' d/M/yyyy 'lúc' HH:mm (ZZZZ)",
  'email.booked.subject': 'Đã đặt lịch: {service}, {when}',
  'email.booked.body': 'Lịch hẹn của bạn đã được đặt: {service} với {consultant}, {when}.',
  'email.rescheduled.subject': 'Đã dời lịch: {service}, {when}',
  'email.rescheduled.body': 'Lịch hẹn của bạn đã được dời: {service} với {consultant}, nay vào {when}.',
  'email.rescheduled.was': 'Lịch cũ: {from}.',
  'email.cancelled.subject': 'Đã hủy lịch: {service}, {when}',
  'email.cancelled.body': 'Lịch hẹn {service} với {consultant} vào {when} đã được hủy.',
  'email.cancelled.reason': 'Lý do: {reason}.',
  'email.completed.subject': 'Cảm ơn bạn đã đến',
  'email.completed.body': 'Cảm ơn bạn đã tham gia {service} với {consultant} vào {when}.',
  'email.noShow.subject': 'Rất tiếc bạn đã không đến',
  'email.noShow.body':
    'Bạn đã vắng mặt ở buổi {service} với {consultant} vào {when}. Hãy đặt lại bất cứ khi nào thuận tiện.',
  'email.reminder.subject': 'Nhắc lịch: {service}, {when}',
  'email.reminder.body': 'Nhắc bạn lịch hẹn: {service} với {consultant} vào {when}.',
  'email.manage':
    'Để đổi hoặc hủy lịch, nhắn "lịch của tôi" cho trợ lý trên Messenger, hoặc dùng trang đặt lịch.',
  'email.invite': 'Tệp đính kèm (invite.ics) giúp thêm lịch hẹn vào lịch của bạn.',
  'email.inviteCancel': 'Tệp đính kèm (cancel.ics) xóa lịch hẹn khỏi lịch của bạn.',
  'email.signature': 'Đội ngũ Bookingbot',
  'email.otp.subject': '{code} là mã Bookingbot của bạn',
  'email.otp.code': 'Mã của bạn: {code}',
  'email.otp.enterSignIn': 'Nhập mã này để đăng nhập Bookingbot.',
  'email.otp.enterMessenger': 'Nhập mã này để liên kết cuộc trò chuyện Messenger với email này.',
  'email.otp.expires': 'Mã hết hạn sau {minutes} phút và chỉ dùng được một lần.',
  'email.otp.ignore':
    'Nếu bạn không yêu cầu mã này, hãy bỏ qua email: không ai đăng nhập được nếu không có mã.',
};
