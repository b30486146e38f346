import type { Locale } from '@bookingbot/common/i18n';
import type { Understanding, UnderstandOptions } from './nlu';
import type { Payload } from './payloads';
import type { Reply } from './replies';

/** A free start time of one consultant. */
export interface Slot {
  start: string;
  consultantId: string;
}

/** What the customer is choosing a time for: a new booking, or a move of an appointment. */
export type BookFlow = { kind: 'book'; serviceId: string; serviceName: string };
export type MoveFlow = { kind: 'move'; serviceId: string; serviceName: string; appointmentId: string };
export type Flow = BookFlow | MoveFlow;

/** Where to go once the email is verified. */
export type AfterAuth = { kind: 'confirm'; flow: BookFlow; slot: Slot } | { kind: 'appointments' };

/** The conversation's step: one variant per step file in `steps/`, each with only the data it needs. */
export type Step =
  | { step: 'idle' }
  | { step: 'service'; page: number }
  | { step: 'day'; flow: Flow }
  | { step: 'time'; flow: Flow; day: string; page: number; range?: { from: string; to: string } }
  | { step: 'email'; resume: AfterAuth }
  | { step: 'code'; email: string; resume: AfterAuth }
  | { step: 'confirm'; flow: BookFlow; slot: Slot }
  | { step: 'move'; flow: MoveFlow; slot: Slot }
  | { step: 'cancel'; appointmentId: string };

export type StepName = Step['step'];

/** What the customer did, with the webhook event that caused it (the key of every side effect). */
export interface Input {
  /** A decoded button/quick-reply payload; `invalid` when one came but did not decode. */
  payload?: Payload | 'invalid';
  text?: string;
  /** The `mid` of the message or postback (or the postback's own identity): never synthesized. */
  eventId: string;
}

/** Who is writing: the linked customer (if any) and the zone days/times are shown in. */
export interface Customer {
  userId: string;
  email: string;
}

export interface Ctx {
  psid: string;
  locale: Locale;
  user: Customer | undefined;
  zone: string;
  now: Date;
}

/** One decision: the next step, the locale, what to say, and whether the thread goes to a person. */
export interface Turn {
  step: Step;
  locale: Locale;
  replies: Reply[];
  handover?: true;
}

/** An appointment as the chat shows it. */
export interface ApptView {
  appointmentId: string;
  userId: string;
  serviceId: string;
  serviceName: string;
  consultantName: string;
  start: string;
  status: string;
}

/** Why a change of an appointment was refused (the chat explains each). */
export type ChangeRefusal =
  | { ok: false; reason: 'cutoff'; minutes: number }
  | { ok: false; reason: 'notChangeable' | 'gone' | 'taken' };

export type OtpRefusal = { ok: false; reason: 'locked' | 'wait' | 'invalid' | 'blocked'; seconds: number };

/**
 * Every read and write the machine needs, injected: the real adapters are in `ports.ts`, the unit
 * tests pass fakes. Domain refusals come back as values; anything thrown is a real failure (the
 * worker retries, then apologizes).
 */
export interface Ports {
  catalog: {
    services(): Promise<{ serviceId: string; name: string }[]>;
    service(serviceId: string): Promise<{ serviceId: string; name: string; active: boolean } | undefined>;
    consultantName(consultantId: string): Promise<string | undefined>;
  };
  availability: {
    freeDays(serviceId: string, zone: string, now: Date): Promise<string[]>;
    freeTimes(serviceId: string, day: string, zone: string, now: Date): Promise<Slot[]>;
  };
  booking: {
    /** Books with `idempotencyKey`: the same key returns the same appointment. */
    book(args: {
      userId: string;
      flow: BookFlow;
      slot: Slot;
      idempotencyKey: string;
      now: Date;
    }): Promise<{ ok: true; appointment: ApptView } | { ok: false; reason: 'taken' }>;
    cancel(args: {
      userId: string;
      appointmentId: string;
      now: Date;
    }): Promise<{ ok: true; appointment: ApptView } | ChangeRefusal>;
    reschedule(args: {
      userId: string;
      appointmentId: string;
      slot: Slot;
      now: Date;
    }): Promise<{ ok: true; appointment: ApptView } | ChangeRefusal>;
    upcoming(userId: string, now: Date): Promise<ApptView[]>;
    get(appointmentId: string): Promise<ApptView | undefined>;
  };
  otp: {
    /** Emails a sign-in code, written in the chat's language. */
    request(args: {
      email: string;
      psid: string;
      locale: Locale;
      now: Date;
    }): Promise<{ ok: true; minutes: number } | OtpRefusal>;
    verify(args: {
      email: string;
      code: string;
      psid: string;
      now: Date;
    }): Promise<{ ok: true; user: Customer } | OtpRefusal>;
  };
  users: { linkPsid(userId: string, psid: string): Promise<void> };
  nlu: {
    /** The language engineer's `understand` (`./nlu`); sync or async. */
    understand(text: string, opts: UnderstandOptions): Understanding | Promise<Understanding>;
  };
  analytics: { conversationStarted(psid: string): Promise<void> };
}

export type { Payload, Reply, Understanding };
