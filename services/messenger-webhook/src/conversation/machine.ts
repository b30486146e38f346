import type { Locale } from '@bookingbot/common/i18n';
import { askCancel, handOver, help, leaveFlow, showAppointments, startMove, welcome } from './actions';
import { formatDay, formatTime, formatWhen } from './format';
import { stepOf } from './steps/index';
import { service } from './steps/service';
import { pickSlot, time } from './steps/time';
import { detectLocale } from './text';
import type { Ctx, Flow, Input, Payload, Ports, Step, Turn, Understanding } from './types';
import { text as line, rest } from './ui';

/** Longer typed text is cut before parsing (Messenger allows 2000 characters). */
const MAX_TEXT = 2000;

/**
 * The whole decision for one input, pure: reads and writes go through `ports`, so every path is a
 * unit test with fakes. Order: a payload (menu/cards anywhere, else the step's own), typed text
 * (person/help/cancel anywhere, then the step's expected text, then a jump to the furthest step
 * the free text allows), else the step again with its hint. Never throws on odd input.
 */
export async function decide(
  state: { step: Step; locale: Locale },
  input: Input,
  env: Omit<Ctx, 'locale'>,
  ports: Ports,
): Promise<Turn> {
  const text = input.text?.trim().slice(0, MAX_TEXT) ?? '';
  const u: Understanding =
    text && input.payload === undefined
      ? await understand(text, state.locale, env, ports)
      : { intent: 'unknown' };
  const ctx: Ctx = { ...env, locale: detectLocale(text) ?? u.locale ?? state.locale };
  const current = stepOf(state.step);
  const again = () => current.show(ctx, ports, [line(ctx, current.hint)]);

  if (input.payload === 'invalid') return again();
  if (input.payload) {
    return (
      (await onMenuPayload(input.payload, ctx, ports)) ??
      (await current.onPayload(input.payload, ctx, ports, input)) ??
      (await again())
    );
  }
  if (!text) return again(); // a sticker, an attachment: nothing to read
  if (u.intent === 'person') return handOver(ctx);
  if (u.intent === 'help') return help(ctx);
  if (u.intent === 'cancel' && state.step.step !== 'idle') return leaveFlow(ctx);
  return (
    (await current.onText(text, u, ctx, ports, input)) ??
    (await jump(state.step, u, ctx, ports)) ??
    (await again())
  );
}

async function understand(text: string, locale: Locale, env: Omit<Ctx, 'locale'>, ports: Ports) {
  const services = (await ports.catalog.services()).map((s) => ({ id: s.serviceId, name: s.name }));
  return ports.nlu.understand(text, { locale, timeZone: env.zone, now: env.now, services });
}

/** Payloads that work at any step: the menu, Get Started, and the buttons of appointment cards. */
async function onMenuPayload(p: Payload, ctx: Ctx, ports: Ports): Promise<Turn | undefined> {
  switch (p.kind) {
    case 'GET_STARTED':
      await ports.analytics.conversationStarted(ctx.psid);
      return welcome(ctx);
    case 'MENU':
      return rest(ctx);
    case 'HELP':
      return help(ctx);
    case 'BOOK':
      return service.show({ step: 'service', page: 0 }, ctx, ports);
    case 'MY_APPTS':
      return showAppointments(ctx, ports);
    case 'HUMAN':
      return handOver(ctx);
    case 'CANCEL_FLOW':
      return leaveFlow(ctx);
    case 'APPT_CANCEL':
      return askCancel(p.appointmentId, ctx, ports);
    case 'APPT_RESCHED':
      return startMove(p.appointmentId, ctx, ports);
    default:
      return undefined;
  }
}

/** The flow the customer is already in (a service chosen), if any. */
function flowOf(s: Step): Flow | undefined {
  return s.step === 'day' || s.step === 'time' || s.step === 'confirm' || s.step === 'move'
    ? s.flow
    : undefined;
}

/**
 * Free text that says what the customer wants, at any step: go to the furthest step it allows.
 * A service and an exact free time → the confirm prompt (after the email link if needed), saying
 * what was understood; a part of the day → its free times; a taken time → the nearest free ones.
 */
async function jump(s: Step, u: Understanding, ctx: Ctx, ports: Ports): Promise<Turn | undefined> {
  const wantsSlot =
    u.serviceId !== undefined || u.date !== undefined || u.time !== undefined || u.range !== undefined;
  switch (u.intent) {
    case 'myAppointments':
      return showAppointments(ctx, ports);
    case 'cancel':
      return showAppointments(ctx, ports); // at rest "cancel my appointment": the cards, each with Cancel
    case 'reschedule':
      return moveJump(u, ctx, ports);
    case 'greeting':
      return wantsSlot ? bookJump(s, u, ctx, ports) : welcome(ctx);
    case 'no':
      return s.step === 'idle' ? undefined : leaveFlow(ctx);
    case 'book':
      return bookJump(s, u, ctx, ports);
    default:
      return wantsSlot ? bookJump(s, u, ctx, ports) : undefined;
  }
}

/** "move my appointment to Thursday": with one upcoming appointment, straight to its days/times. */
async function moveJump(u: Understanding, ctx: Ctx, ports: Ports): Promise<Turn> {
  if (!ctx.user) return showAppointments(ctx, ports);
  const upcoming = await ports.booking.upcoming(ctx.user.userId, ctx.now);
  const [only] = upcoming;
  if (upcoming.length !== 1 || !only) return showAppointments(ctx, ports);
  const flow: Flow = {
    kind: 'move',
    appointmentId: only.appointmentId,
    serviceId: only.serviceId,
    serviceName: only.serviceName,
  };
  return slotJump(flow, u, ctx, ports);
}

async function bookJump(s: Step, u: Understanding, ctx: Ctx, ports: Ports): Promise<Turn | undefined> {
  const current = flowOf(s);
  let flow: Flow | undefined =
    current && (!u.serviceId || u.serviceId === current.serviceId) ? current : undefined;
  if (!flow && u.serviceId) {
    const svc = await ports.catalog.service(u.serviceId);
    if (svc?.active) flow = { kind: 'book', serviceId: svc.serviceId, serviceName: svc.name };
  }
  if (!flow) return service.show({ step: 'service', page: 0 }, ctx, ports);
  return slotJump(flow, u, ctx, ports);
}

async function slotJump(flow: Flow, u: Understanding, ctx: Ctx, ports: Ports): Promise<Turn> {
  if (!u.date) return stepOf({ step: 'day', flow }).show(ctx, ports);
  const day = u.date;
  if (u.range) return time.show({ step: 'time', flow, day, page: 0, range: u.range }, ctx, ports);
  if (!u.time) return time.show({ step: 'time', flow, day, page: 0 }, ctx, ports);
  const wanted = u.time;
  const free = await ports.availability.freeTimes(flow.serviceId, day, ctx.zone, ctx.now);
  const exact = free.find((x) => formatTime(x.start, ctx.zone, ctx.locale) === wanted);
  if (exact) {
    const understood = line(ctx, 'nlu.understood', {
      service: flow.serviceName,
      when: formatWhen(exact.start, ctx.zone, ctx.locale),
    });
    return pickSlot(flow, exact, ctx, ports, [understood]);
  }
  // Taken (or past): the nearest free times of that day, then the day's full list to pick from.
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const nearest = free
    .map((x) => formatTime(x.start, ctx.zone, ctx.locale))
    .sort((a, b) => Math.abs(minutes(a) - minutes(wanted)) - Math.abs(minutes(b) - minutes(wanted)))
    .slice(0, 3)
    .sort();
  const prefix = nearest.length
    ? [
        line(ctx, 'nlu.notFree', {
          time: wanted,
          day: formatDay(day, ctx.zone, ctx.locale),
          times: nearest.join(', '),
        }),
      ]
    : [];
  return time.show({ step: 'time', flow, day, page: 0 }, ctx, ports, prefix);
}
