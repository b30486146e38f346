/**
 * Demo catalog for local runs: a few services and consultants with weekly hours in real time zones
 * (Asia/Ho_Chi_Minh has no DST; Europe/London and America/New_York do). Idempotent: fixed ids,
 * each item written only if absent, so a re-run never overwrites what staff changed.
 * Run by the local stack after the table exists (`node scripts/run-ts.mjs scripts/seed.ts`).
 */
import {
  type ConsultantInput,
  createConsultant,
  createService,
  type ServiceInput,
} from '@bookingbot/common/booking';
import { isConditionalCheckFailed } from '@bookingbot/common/db';

export const DEMO_SERVICES: (ServiceInput & { serviceId: string })[] = [
  {
    serviceId: 'svc-intro-call',
    name: 'Intro call',
    description: 'A short first call to see how we can help.',
    durationMinutes: 15,
    bufferAfterMinutes: 0,
    priceText: 'Free',
  },
  {
    serviceId: 'svc-consultation',
    name: 'Consultation',
    description: 'A one-to-one consultation with one of our consultants.',
    durationMinutes: 30,
    bufferAfterMinutes: 10,
    priceText: '£40 / 1,300,000 ₫',
  },
  {
    serviceId: 'svc-follow-up',
    name: 'Follow-up session',
    durationMinutes: 45,
    bufferAfterMinutes: 15,
    priceText: '£55',
  },
  {
    serviceId: 'svc-workshop',
    name: 'Strategy workshop',
    description: 'A longer working session for a project plan.',
    durationMinutes: 90,
    bufferAfterMinutes: 15,
    priceText: '£150',
  },
];

const weekdays = (ranges: { start: string; end: string }[]) => ({
  mon: ranges,
  tue: ranges,
  wed: ranges,
  thu: ranges,
  fri: ranges,
});

export const DEMO_CONSULTANTS: (ConsultantInput & { consultantId: string })[] = [
  {
    consultantId: 'con-linh-nguyen',
    name: 'Linh Nguyen',
    bio: 'Based in Ho Chi Minh City.',
    timeZone: 'Asia/Ho_Chi_Minh',
    serviceIds: ['svc-intro-call', 'svc-consultation', 'svc-follow-up'],
    weeklyHours: {
      ...weekdays([
        { start: '09:00', end: '12:00' },
        { start: '13:30', end: '17:30' },
      ]),
      sat: [{ start: '09:00', end: '12:00' }],
    },
  },
  {
    consultantId: 'con-james-carter',
    name: 'James Carter',
    bio: 'Based in London.',
    timeZone: 'Europe/London',
    serviceIds: ['svc-intro-call', 'svc-consultation', 'svc-workshop'],
    weeklyHours: {
      ...weekdays([
        { start: '09:00', end: '12:30' },
        { start: '13:30', end: '17:00' },
      ]),
      fri: [{ start: '09:00', end: '13:00' }],
    },
  },
  {
    consultantId: 'con-maria-lopez',
    name: 'Maria Lopez',
    bio: 'Based in New York.',
    timeZone: 'America/New_York',
    serviceIds: ['svc-consultation', 'svc-follow-up', 'svc-workshop'],
    weeklyHours: {
      ...weekdays([{ start: '10:00', end: '18:00' }]),
    },
  },
];

async function ifAbsent(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (err) {
    if (isConditionalCheckFailed(err)) return false;
    throw err;
  }
}

export async function main(): Promise<void> {
  let created = 0;
  for (const { serviceId, ...input } of DEMO_SERVICES)
    if (await ifAbsent(() => createService(input, serviceId))) created++;
  for (const { consultantId, ...input } of DEMO_CONSULTANTS)
    if (await ifAbsent(() => createConsultant(input, consultantId))) created++;
  console.log(
    `seed: ${created} catalog item(s) created, ${DEMO_SERVICES.length + DEMO_CONSULTANTS.length - created} already present`,
  );
}
