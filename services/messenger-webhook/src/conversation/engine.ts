import { recordEvent } from '@bookingbot/common/analytics';
import {
  bookAppointment,
  CutoffPassedError,
  cancelAppointment,
  getAppointment,
  getConsultant,
  getService,
  NotModifiableError,
  rescheduleAppointment,
  SlotNotOfferedError,
  SlotTakenError,
} from '@bookingbot/common/booking';
import { AppError } from '@bookingbot/common/errors';
import { type MessageKey, RESEND_WORDS, t } from '@bookingbot/common/i18n';
import { createLogger, hashId } from '@bookingbot/common/logging';
import {
  type InboundEvent,
  logMessage,
  PAGE_INBOX_APP_ID,
  type QuickReply,
  sendSenderAction,
  touchInbound,
} from '@bookingbot/common/messenger';
import { requestOtp, verifyOtp } from '@bookingbot/common/otp';
import { getUserByPsid, linkPsid, type User } from '@bookingbot/common/users';
import {
  activeServices,
  DAYS_AHEAD,
  formatDay,
  formatTime,
  formatWhen,
  freeDays,
  freeTimes,
  upcomingAppointments,
  zoneLabel,
  zoneOf,
} from './domain';
import { type Reply, sendReplies } from './replies';
import { type ConversationState, loadState, type Slot, StateConflictError, saveState } from './state';
import { detectIntent, detectLocale, type Intent, normalize, parseCode, parseEmail } from './text';

const logger = createLogger('messenger-conversation');

/** What the customer did: a button/quick-reply payload and/or typed text. */
export interface Input {
  payload?: string;
  text?: string;
  /** The webhook event's id: the idempotency key of anything this input books. */
  mid: string;
}

interface Ctx {
  psid: string;
  user: User | undefined;
  now: Date;
}

/** One decision: the next state and what to say. */
interface Turn {
  state: ConversationState;
  replies: Reply[];
}

const SERVICES_PER_PAGE = 12;
const TIMES_PER_PAGE = 11;
const YES = ['yes', 'y', 'ok', 'okay', 'confirm', 'sure', 'co', 'dong y', 'xac nhan', 'vang', 'u'];

const say = (s: ConversationState, key: MessageKey, vars?: Record<string, string | number>) =>
  t(s.locale, key, vars);

function menu(
  s: ConversationState,
  key: MessageKey = 'menuPrompt',
  vars?: Record<string, string | number>,
): Reply {
  return {
    type: 'quick',
    text: say(s, key, vars),
    replies: [
      { title: say(s, 'menu.book'), payload: 'BOOK' },
      { title: say(s, 'menu.appointments'), payload: 'MY_APPTS' },
      { title: say(s, 'menu.help'), payload: 'HELP' },
      { title: say(s, 'menu.human'), payload: 'HUMAN' },
    ],
  };
}

/** Forget the flow's data; keep who/where the customer is. */
const idle = (s: ConversationState): ConversationState => ({
  psid: s.psid,
  step: 'idle',
  locale: s.locale,
  handover: s.handover,
  version: s.version,
  ...(s.lastInboundAt ? { lastInboundAt: s.lastInboundAt } : {}),
});

// --- booking -------------------------------------------------------------------------------

async function showServices(s: ConversationState, page = 0, prefix?: Reply): Promise<Turn> {
  const services = await activeServices();
  if (services.length === 0) return { state: idle(s), replies: [menu(s, 'book.noServices')] };
  const slice = services.slice(page * SERVICES_PER_PAGE, (page + 1) * SERVICES_PER_PAGE);
  const replies: QuickReply[] = slice.map((svc) => ({ title: svc.name, payload: `SVC:${svc.serviceId}` }));
  if (services.length > (page + 1) * SERVICES_PER_PAGE)
    replies.push({ title: say(s, 'book.moreServices'), payload: `SVCS:${page + 1}` });
  else if (page > 0) replies.push({ title: say(s, 'book.moreServices'), payload: 'SVCS:0' });
  return {
    state: { ...idle(s), step: 'book.service', servicesPage: page },
    replies: [...(prefix ? [prefix] : []), { type: 'quick', text: say(s, 'book.pickService'), replies }],
  };
}

async function showDays(s: ConversationState, ctx: Ctx, prefix?: Reply): Promise<Turn> {
  const serviceId = s.serviceId as string;
  const zone = zoneOf(ctx.user);
  const days = await freeDays(serviceId, zone, ctx.now);
  const rescheduling = s.appointmentId !== undefined;
  if (days.length === 0)
    return {
      state: idle(s),
      replies: [menu(s, 'book.noDays', { service: s.serviceName ?? '', days: DAYS_AHEAD })],
    };
  return {
    state: { ...s, step: rescheduling ? 'resched.day' : 'book.day', timesPage: 0 },
    replies: [
      ...(prefix ? [prefix] : []),
      {
        type: 'quick',
        text: say(s, rescheduling ? 'resched.pickDay' : 'book.pickDay', { service: s.serviceName ?? '' }),
        replies: [
          ...days.map((d) => ({ title: formatDay(d, zone, s.locale), payload: `DAY:${d}` })),
          { title: say(s, 'book.cancelFlow'), payload: 'CANCEL_FLOW' },
        ],
      },
    ],
  };
}

async function showTimes(s: ConversationState, ctx: Ctx, page: number, prefix?: Reply): Promise<Turn> {
  const zone = zoneOf(ctx.user);
  const day = s.day as string;
  const times = await freeTimes(s.serviceId as string, day, zone, ctx.now);
  if (times.length === 0) return showDays(s, ctx, { type: 'text', text: say(s, 'book.noTimes') });
  const pages = Math.ceil(times.length / TIMES_PER_PAGE);
  const p = Math.min(page, pages - 1);
  const slice = times.slice(p * TIMES_PER_PAGE, (p + 1) * TIMES_PER_PAGE);
  const replies: QuickReply[] = slice.map((slot) => ({
    title: formatTime(slot.start, zone, s.locale),
    payload: `TIME:${slot.start}|${slot.consultantId}`,
  }));
  if (pages > 1) replies.push({ title: say(s, 'book.moreTimes'), payload: `TIMES:${(p + 1) % pages}` });
  replies.push({ title: say(s, 'book.otherDay'), payload: 'DAYS' });
  return {
    state: { ...s, step: s.appointmentId ? 'resched.time' : 'book.time', timesPage: p },
    replies: [
      ...(prefix ? [prefix] : []),
      {
        type: 'quick',
        text: say(s, 'book.pickTime', { day: formatDay(day, zone, s.locale), zone: zoneLabel(zone) }),
        replies,
      },
    ],
  };
}

async function showConfirm(s: ConversationState, ctx: Ctx, prefix: Reply[] = []): Promise<Turn> {
  const slot = s.slot as Slot;
  const consultant = await getConsultant(slot.consultantId);
  const when = formatWhen(slot.start, zoneOf(ctx.user), s.locale);
  return {
    state: { ...s, step: 'book.confirm' },
    replies: [
      ...prefix,
      {
        type: 'buttons',
        text: say(s, 'book.confirm', {
          service: s.serviceName ?? '',
          consultant: consultant?.name ?? '',
          when,
        }),
        buttons: [
          { type: 'postback', title: say(s, 'book.confirmYes'), payload: 'CONFIRM_BOOK' },
          { type: 'postback', title: say(s, 'book.changeTime'), payload: 'DAYS' },
          { type: 'postback', title: say(s, 'book.cancelFlow'), payload: 'CANCEL_FLOW' },
        ],
      },
    ],
  };
}

async function pickTime(s: ConversationState, ctx: Ctx, slot: Slot): Promise<Turn> {
  const next = { ...s, slot };
  if (s.appointmentId) {
    const appt = await getAppointment(s.appointmentId);
    if (!appt) return { state: idle(s), replies: [menu(s, 'appts.gone')] };
    const zone = zoneOf(ctx.user);
    return {
      state: { ...next, step: 'resched.confirm' },
      replies: [
        {
          type: 'buttons',
          text: say(s, 'resched.confirm', {
            service: appt.serviceName,
            from: formatWhen(appt.start, zone, s.locale),
            when: formatWhen(slot.start, zone, s.locale),
          }),
          buttons: [
            { type: 'postback', title: say(s, 'resched.yes'), payload: 'RESCHED_YES' },
            { type: 'postback', title: say(s, 'book.changeTime'), payload: 'DAYS' },
            { type: 'postback', title: say(s, 'book.cancelFlow'), payload: 'CANCEL_FLOW' },
          ],
        },
      ],
    };
  }
  if (!ctx.user) return askEmail({ ...next, afterAuth: 'book.confirm' }, 'auth.askEmail');
  return showConfirm(next, ctx);
}

async function confirmBooking(s: ConversationState, ctx: Ctx, input: Input): Promise<Turn> {
  if (!ctx.user || !s.slot || !s.serviceId) return showServices(s);
  try {
    const { appointment } = await bookAppointment({
      userId: ctx.user.userId,
      serviceId: s.serviceId,
      consultantId: s.slot.consultantId,
      start: s.slot.start,
      channel: 'messenger',
      actor: { kind: 'user', userId: ctx.user.userId },
      // The confirm event's mid: a redelivered or retried confirm returns the same appointment.
      idempotencyKey: `messenger-${input.mid}`,
      now: ctx.now,
    });
    const when = formatWhen(appointment.start, zoneOf(ctx.user), s.locale);
    return {
      state: idle(s),
      replies: [
        {
          type: 'text',
          text: say(s, 'book.booked', {
            service: appointment.serviceName,
            consultant: appointment.consultantName,
            when,
            email: ctx.user.email,
          }),
        },
        menu(s),
      ],
    };
  } catch (err) {
    if (err instanceof SlotTakenError || err instanceof SlotNotOfferedError)
      return showTimes({ ...s, step: 'book.time' }, ctx, 0, { type: 'text', text: say(s, 'book.slotTaken') });
    throw err;
  }
}

// --- email verification (the auth-otp core) ---------------------------------------------------

function askEmail(s: ConversationState, key: MessageKey): Turn {
  return {
    state: { ...s, step: 'auth.email' },
    replies: [
      {
        type: 'quick',
        text: say(s, key),
        replies: [{ title: say(s, 'book.cancelFlow'), payload: 'CANCEL_FLOW' }],
      },
    ],
  };
}

const otpIp = (psid: string) => `psid:${hashId(psid, 'psid:')}`;

async function sendCode(s: ConversationState, ctx: Ctx, email: string): Promise<Turn> {
  try {
    const r = await requestOtp({ email, ip: otpIp(ctx.psid), channel: 'messenger', now: ctx.now });
    return {
      state: { ...s, step: 'auth.code', email },
      replies: [
        { type: 'text', text: say(s, 'auth.codeSent', { email, minutes: Math.round(r.expiresIn / 60) }) },
      ],
    };
  } catch (err) {
    return { state: s, replies: [{ type: 'text', text: otpProblem(s, err) }] };
  }
}

function otpProblem(s: ConversationState, err: unknown): string {
  if (!(err instanceof AppError)) throw err;
  if (err.code === 'otp.locked')
    return say(s, 'auth.locked', { minutes: Math.ceil((err.retryAfter ?? 900) / 60) });
  if (err.code === 'otp.throttled' || err.code === 'rateLimit.exceeded')
    return say(s, 'auth.wait', { seconds: err.retryAfter ?? 60 });
  if (err.code === 'otp.invalid') return say(s, 'auth.badCode');
  throw err;
}

async function checkCode(s: ConversationState, ctx: Ctx, code: string): Promise<Turn> {
  let user: User;
  try {
    ({ user } = await verifyOtp({
      email: s.email as string,
      code,
      ip: otpIp(ctx.psid),
      channel: 'messenger',
      now: ctx.now,
    }));
  } catch (err) {
    if (err instanceof AppError && err.code === 'auth.userBlocked') return { state: idle(s), replies: [] };
    return { state: s, replies: [{ type: 'text', text: otpProblem(s, err) }] };
  }
  await linkPsid(user.userId, ctx.psid);
  const linked: Ctx = { ...ctx, user: { ...user, psid: ctx.psid } };
  const thanks: Reply = { type: 'text', text: say(s, 'auth.linked') };
  const { afterAuth, email: _email, ...rest } = s;
  if (afterAuth === 'book.confirm' && s.slot)
    return showConfirm({ ...rest, step: 'book.confirm' }, linked, [thanks]);
  return showAppointments(rest as ConversationState, linked, thanks);
}

// --- my appointments ----------------------------------------------------------------------------

async function showAppointments(s: ConversationState, ctx: Ctx, prefix?: Reply): Promise<Turn> {
  if (!ctx.user) return askEmail({ ...idle(s), afterAuth: 'appointments' }, 'auth.askEmailForAppointments');
  const zone = zoneOf(ctx.user);
  const appts = await upcomingAppointments(ctx.user.userId, ctx.now);
  const head = prefix ? [prefix] : [];
  if (appts.length === 0) return { state: idle(s), replies: [...head, menu(s, 'appts.none')] };
  return {
    state: idle(s),
    replies: [
      ...head,
      { type: 'text', text: say(s, 'appts.intro') },
      {
        type: 'generic',
        elements: appts.map((a) => ({
          title: a.serviceName,
          subtitle: `${formatWhen(a.start, zone, s.locale)}\n${a.consultantName}`,
          buttons: [
            {
              type: 'postback',
              title: say(s, 'appts.reschedule'),
              payload: `APPT_RESCHED:${a.appointmentId}`,
            },
            { type: 'postback', title: say(s, 'appts.cancel'), payload: `APPT_CANCEL:${a.appointmentId}` },
          ],
        })),
      },
    ],
  };
}

async function ownAppointment(ctx: Ctx, appointmentId: string) {
  const appt = await getAppointment(appointmentId);
  return appt && ctx.user && appt.userId === ctx.user.userId ? appt : undefined;
}

const cutoffMinutes = (err: AppError) =>
  Number(err.extensions?.cutoffMinutes ?? /(\d+) minutes/.exec(err.detail ?? '')?.[1] ?? 120);

function changeProblem(s: ConversationState, err: unknown): Turn {
  if (err instanceof CutoffPassedError)
    return { state: idle(s), replies: [menu(s, 'appts.cutoff', { minutes: cutoffMinutes(err) })] };
  if (err instanceof NotModifiableError) return { state: idle(s), replies: [menu(s, 'appts.notChangeable')] };
  if (err instanceof AppError && err.code === 'resource.notFound')
    return { state: idle(s), replies: [menu(s, 'appts.gone')] };
  throw err;
}

async function askCancel(s: ConversationState, ctx: Ctx, appointmentId: string): Promise<Turn> {
  if (!ctx.user) return showAppointments(s, ctx);
  const appt = await ownAppointment(ctx, appointmentId);
  if (appt?.status !== 'booked') return { state: idle(s), replies: [menu(s, 'appts.gone')] };
  return {
    state: { ...idle(s), step: 'appts.cancelConfirm', appointmentId },
    replies: [
      {
        type: 'buttons',
        text: say(s, 'appts.confirmCancel', {
          service: appt.serviceName,
          when: formatWhen(appt.start, zoneOf(ctx.user), s.locale),
        }),
        buttons: [
          { type: 'postback', title: say(s, 'appts.yesCancel'), payload: `APPT_CANCEL_YES:${appointmentId}` },
          { type: 'postback', title: say(s, 'appts.keep'), payload: 'MENU' },
        ],
      },
    ],
  };
}

/** A change the customer makes to their own appointment from this chat (cut-off rules apply). */
function asCustomer(user: { userId: string }, now: Date) {
  return {
    actor: { kind: 'user' as const, userId: user.userId },
    channel: 'messenger' as const,
    userId: user.userId,
    now,
  };
}

async function doCancel(s: ConversationState, ctx: Ctx, appointmentId: string): Promise<Turn> {
  if (!ctx.user) return showAppointments(s, ctx);
  try {
    const appt = await cancelAppointment(appointmentId, asCustomer(ctx.user, ctx.now));
    const when = formatWhen(appt.start, zoneOf(ctx.user), s.locale);
    return {
      state: idle(s),
      replies: [
        { type: 'text', text: say(s, 'appts.cancelled', { service: appt.serviceName, when }) },
        menu(s),
      ],
    };
  } catch (err) {
    return changeProblem(s, err);
  }
}

async function startReschedule(s: ConversationState, ctx: Ctx, appointmentId: string): Promise<Turn> {
  if (!ctx.user) return showAppointments(s, ctx);
  const appt = await ownAppointment(ctx, appointmentId);
  if (appt?.status !== 'booked') return { state: idle(s), replies: [menu(s, 'appts.gone')] };
  return showDays(
    {
      ...idle(s),
      step: 'resched.day',
      appointmentId,
      serviceId: appt.serviceId,
      serviceName: appt.serviceName,
    },
    ctx,
  );
}

async function doReschedule(s: ConversationState, ctx: Ctx): Promise<Turn> {
  if (!ctx.user || !s.appointmentId || !s.slot) return showAppointments(s, ctx);
  try {
    const appt = await rescheduleAppointment(
      s.appointmentId,
      { start: s.slot.start, consultantId: s.slot.consultantId },
      asCustomer(ctx.user, ctx.now),
    );
    const when = formatWhen(appt.start, zoneOf(ctx.user), s.locale);
    return {
      state: idle(s),
      replies: [{ type: 'text', text: say(s, 'resched.done', { service: appt.serviceName, when }) }, menu(s)],
    };
  } catch (err) {
    if (err instanceof SlotTakenError || err instanceof SlotNotOfferedError)
      return showTimes({ ...s, step: 'resched.time' }, ctx, 0, {
        type: 'text',
        text: say(s, 'book.slotTaken'),
      });
    return changeProblem(s, err);
  }
}

// --- handover -------------------------------------------------------------------------------

function handOver(s: ConversationState): Turn {
  return {
    state: { ...idle(s), handover: true },
    replies: [
      { type: 'text', text: say(s, 'handover.passing') },
      { type: 'handover', metadata: 'customer asked for a person' },
    ],
  };
}

// --- dispatch -------------------------------------------------------------------------------

async function onIntent(intent: Intent, s: ConversationState, ctx: Ctx): Promise<Turn> {
  switch (intent) {
    case 'book':
      return showServices(s);
    case 'appointments':
      return showAppointments(s, ctx);
    case 'human':
      return handOver(s);
    case 'cancel':
      // In a flow "cancel" leaves it; at rest it means "cancel an appointment".
      return s.step === 'idle'
        ? showAppointments(s, ctx)
        : { state: idle(s), replies: [menu(s, 'flow.cancelled')] };
    case 'greeting':
      return { state: idle(s), replies: [menu(s, 'welcome')] };
    case 'help':
      return { state: idle(s), replies: [{ type: 'text', text: say(s, 'help') }, menu(s)] };
  }
}

async function onPayload(
  payload: string,
  s: ConversationState,
  ctx: Ctx,
  input: Input,
): Promise<Turn | undefined> {
  const [kind, arg = ''] = payload.split(/:(.*)/s, 2) as [string, string | undefined];
  switch (kind) {
    case 'GET_STARTED':
      await recordEvent({ type: 'messenger.conversation.started', psid: ctx.psid });
      return { state: idle(s), replies: [menu(s, 'welcome')] };
    case 'MENU':
      return { state: idle(s), replies: [menu(s)] };
    case 'HELP':
      return onIntent('help', s, ctx);
    case 'BOOK':
      return showServices(s);
    case 'MY_APPTS':
      return showAppointments(s, ctx);
    case 'HUMAN':
      return handOver(s);
    case 'CANCEL_FLOW':
      return { state: idle(s), replies: [menu(s, 'flow.cancelled')] };
    case 'SVCS':
      return showServices(s, Number(arg) || 0);
    case 'SVC': {
      const service = await getService(arg);
      if (!service?.active) return showServices(s);
      return showDays(
        { ...idle(s), step: 'book.service', serviceId: service.serviceId, serviceName: service.name },
        ctx,
      );
    }
    case 'DAYS':
      return s.serviceId ? showDays(s, ctx) : showServices(s);
    case 'DAY':
      if (!s.serviceId) return showServices(s);
      return showTimes({ ...s, day: arg }, ctx, 0);
    case 'TIMES':
      if (!s.serviceId || !s.day) return showServices(s);
      return showTimes(s, ctx, Number(arg) || 0);
    case 'TIME': {
      const [start, consultantId] = arg.split('|');
      if (!s.serviceId || !start || !consultantId) return showServices(s);
      return pickTime(s, ctx, { start, consultantId });
    }
    case 'CONFIRM_BOOK':
      return s.step === 'book.confirm'
        ? confirmBooking(s, ctx, input)
        : { state: idle(s), replies: [menu(s)] };
    case 'APPT_CANCEL':
      return askCancel(s, ctx, arg);
    case 'APPT_CANCEL_YES':
      return doCancel(s, ctx, arg);
    case 'APPT_RESCHED':
      return startReschedule(s, ctx, arg);
    case 'RESCHED_YES':
      return s.step === 'resched.confirm' ? doReschedule(s, ctx) : { state: idle(s), replies: [menu(s)] };
    default:
      return undefined;
  }
}

/** Typed text while a step waits for something specific. */
async function onStepText(text: string, s: ConversationState, ctx: Ctx): Promise<Turn | undefined> {
  const n = normalize(text);
  const zone = zoneOf(ctx.user);
  switch (s.step) {
    case 'auth.email': {
      const email = parseEmail(text);
      return email ? sendCode(s, ctx, email) : undefined;
    }
    case 'auth.code': {
      if (RESEND_WORDS.some((w) => n === w)) return sendCode(s, ctx, s.email as string);
      const code = parseCode(text);
      return code ? checkCode(s, ctx, code) : undefined;
    }
    case 'book.service': {
      const match = (await activeServices()).find(
        (svc) => normalize(svc.name) === n || normalize(svc.name).startsWith(n),
      );
      return match && n.length >= 3 ? onPayload(`SVC:${match.serviceId}`, s, ctx, { mid: '' }) : undefined;
    }
    case 'book.day':
    case 'resched.day': {
      const days = await freeDays(s.serviceId as string, zone, ctx.now);
      const day = days.find((d) => d === text.trim() || normalize(formatDay(d, zone, s.locale)) === n);
      return day ? showTimes({ ...s, day }, ctx, 0) : undefined;
    }
    case 'book.time':
    case 'resched.time': {
      const hhmm = /^(\d{1,2})(?:[:h.](\d{2}))?$/.exec(n.replace(/\s/g, ''));
      if (!hhmm) return undefined;
      const wanted = `${hhmm[1]?.padStart(2, '0')}:${hhmm[2] ?? '00'}`;
      const slot = (await freeTimes(s.serviceId as string, s.day as string, zone, ctx.now)).find(
        (x) => formatTime(x.start, zone, s.locale) === wanted,
      );
      return slot ? pickTime(s, ctx, slot) : undefined;
    }
    case 'book.confirm':
    case 'resched.confirm':
    case 'appts.cancelConfirm':
      return YES.includes(n) ? onPayload(confirmPayload(s), s, ctx, { mid: '' }) : undefined;
    default:
      return undefined;
  }
}

const confirmPayload = (s: ConversationState) =>
  s.step === 'book.confirm'
    ? 'CONFIRM_BOOK'
    : s.step === 'resched.confirm'
      ? 'RESCHED_YES'
      : `APPT_CANCEL_YES:${s.appointmentId}`;

/** The step's question again, with a hint, after input it could not use. */
async function reask(s: ConversationState, ctx: Ctx): Promise<Turn> {
  const hint = (key: MessageKey): Reply => ({ type: 'text', text: say(s, key) });
  switch (s.step) {
    case 'auth.email':
      return { state: s, replies: [hint('auth.badEmail')] };
    case 'auth.code':
      return { state: s, replies: [hint('auth.reaskCode')] };
    case 'book.service':
      return showServices(s, s.servicesPage ?? 0, hint('book.reaskService'));
    case 'book.day':
    case 'resched.day':
      return showDays(s, ctx, hint('book.reaskDay'));
    case 'book.time':
    case 'resched.time':
      return showTimes(s, ctx, s.timesPage ?? 0, hint('book.reaskTime'));
    case 'book.confirm':
      return showConfirm(s, ctx);
    case 'resched.confirm':
      return pickTime({ ...s, step: 'resched.time' }, ctx, s.slot as Slot);
    case 'appts.cancelConfirm':
      return askCancel(s, ctx, s.appointmentId as string);
    default:
      return { state: idle(s), replies: [menu(s, 'notUnderstood')] };
  }
}

/** The whole decision for one input: payloads first, then step input, then intents, else re-ask. */
export async function decide(state: ConversationState, input: Input, ctx: Ctx): Promise<Turn> {
  const s = { ...state, locale: (input.text && detectLocale(input.text)) || state.locale };
  if (input.payload) {
    const turn = await onPayload(input.payload, s, ctx, input);
    if (turn) return turn;
  }
  const text = input.text?.trim() ?? '';
  if (text) {
    const intent = detectIntent(text);
    // "cancel", "help" and "human" work everywhere; other keywords only when no step awaits text.
    if (intent && ['cancel', 'human', 'help'].includes(intent.intent))
      return onIntent(
        intent.intent,
        { ...s, locale: detectLocale(text) ?? (intent.locale === 'vi' ? 'vi' : s.locale) },
        ctx,
      );
    const stepTurn = await onStepText(text, s, ctx);
    if (stepTurn) return stepTurn;
    if (intent)
      return onIntent(intent.intent, { ...s, locale: intent.locale === 'vi' ? 'vi' : s.locale }, ctx);
  }
  return reask(s, ctx);
}

// --- entry point ------------------------------------------------------------------------------

function inputOf(e: InboundEvent): Input | undefined {
  if (e.postback)
    return {
      payload: e.postback.payload,
      text: e.postback.title,
      mid: e.postback.mid ?? `${e.sender.id}:${e.timestamp}`,
    };
  if (e.message && !e.message.is_echo)
    return {
      ...(e.message.quick_reply ? { payload: e.message.quick_reply.payload } : {}),
      ...(e.message.text ? { text: e.message.text } : {}),
      mid: e.message.mid,
    };
  return undefined;
}

/** Handover events: control back to the bot (Page Inbox passed it back), or taken away from it. */
async function onHandover(e: InboundEvent): Promise<void> {
  const psid = e.sender.id;
  const backToBot =
    e.pass_thread_control !== undefined &&
    String(e.pass_thread_control.new_owner_app_id) !== PAGE_INBOX_APP_ID;
  for (let attempt = 0; attempt < 3; attempt++) {
    const s = await loadState(psid);
    const turn: Turn = backToBot
      ? { state: { ...idle(s), handover: false }, replies: s.handover ? [menu(s, 'handover.back')] : [] }
      : { state: { ...idle(s), handover: true }, replies: [] };
    try {
      await saveState(turn.state);
    } catch (err) {
      if (err instanceof StateConflictError) continue;
      throw err;
    }
    await recordEvent({ type: 'messenger.handover', psid, props: { to: backToBot ? 'bot' : 'inbox' } });
    await sendReplies(psid, turn.replies);
    return;
  }
  throw new StateConflictError();
}

/**
 * Handles one webhook event of a customer: logs it, keeps the 24-hour window, and (unless the
 * thread belongs to the Page Inbox or the customer is blocked) decides and sends the answer.
 * The state is saved before anything is sent, so a conflict re-decides without double replies.
 */
export async function handleEvent(e: InboundEvent): Promise<void> {
  if (e.pass_thread_control || e.take_thread_control) {
    if (!e.standby) await onHandover(e);
    return;
  }
  const input = inputOf(e);
  if (!input) return;
  const psid = e.sender.id;
  await Promise.all([
    logMessage({
      psid,
      direction: 'in',
      kind: e.postback
        ? 'postback'
        : e.message?.quick_reply
          ? 'quick_reply'
          : e.message?.attachments
            ? 'attachment'
            : 'text',
      mid: input.mid,
      ...(input.text ? { text: input.text } : {}),
      ...(input.payload ? { payload: input.payload } : {}),
      time: new Date(e.timestamp).toISOString(),
    }),
    touchInbound(psid, e.timestamp),
  ]);
  if (e.standby) return; // another app (the Page Inbox) owns the thread
  const user = await getUserByPsid(psid);
  if (user?.blocked) {
    logger.info('blocked customer ignored', { psidHash: hashId(psid, 'psid:') });
    return;
  }
  const ctx: Ctx = { psid, user, now: new Date() };
  for (let attempt = 0; attempt < 3; attempt++) {
    const state = await loadState(psid);
    if (state.handover && state.lastMid !== input.mid) return; // silent until the thread comes back
    if (state.lastMid === input.mid) {
      // A retry after the decision was saved but its replies failed to send: send them again.
      await sendReplies(psid, state.outbox ?? []);
      return;
    }
    const seen = attempt === 0 ? sendSenderAction(psid, 'mark_seen') : undefined;
    const turn = await decide(state, input, ctx);
    await seen;
    try {
      await saveState({ ...turn.state, lastMid: input.mid, outbox: turn.replies });
    } catch (err) {
      if (err instanceof StateConflictError) continue;
      throw err;
    }
    if (turn.state.handover && !state.handover)
      await recordEvent({ type: 'messenger.handover', psid, props: { to: 'inbox' } });
    await sendReplies(psid, turn.replies);
    return;
  }
  throw new StateConflictError();
}
