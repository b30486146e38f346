import { randomBytes } from 'node:crypto';
import { createConsultant, createService, listUserAppointments } from '@bookingbot/common/booking';
import { getUserByEmail } from '@bookingbot/common/users';
import type { Browser, Page } from 'playwright-core';
import { latestCode, randomEmail } from '../../../../test/support/auth';
import { launchBrowser, newPhonePage, screenshot, seriousViolations, webUrl } from '../support/browser';

/**
 * A customer on /book at a phone viewport, over the real local stack (web server → serverless-offline
 * → DynamoDB Local, codes from SES local): books, reschedules and cancels, in English and in
 * Vietnamese, located by role and label, with axe-core on every screen.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
}, 60_000);

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** What the customer reads, per language (a missing translation fails here). */
const TEXT = {
  en: {
    language: 'English',
    email: 'Email address',
    sendCode: 'Email me a code',
    code: '6-digit code',
    signIn: 'Sign in',
    chooseService: 'Choose a service',
    days: 'Days',
    times: /Available times on/,
    confirmTitle: 'Confirm your booking',
    confirm: 'Confirm booking',
    doneTitle: 'You are booked',
    ics: 'Download .ics file',
    mine: 'My appointments',
    reschedule: 'Reschedule',
    moveYes: 'Move appointment',
    moved: /The appointment is moved to/,
    cancel: 'Cancel appointment',
    cancelYes: 'Yes, cancel it',
    cancelled: 'The appointment is cancelled.',
    zone: /Times are shown in Europe\/London/,
  },
  vi: {
    language: 'Tiếng Việt',
    email: 'Địa chỉ email',
    sendCode: 'Gửi mã cho tôi',
    code: 'Mã 6 chữ số',
    signIn: 'Đăng nhập',
    chooseService: 'Chọn dịch vụ',
    days: 'Ngày',
    times: /Giờ còn trống ngày/,
    confirmTitle: 'Xác nhận lịch hẹn',
    confirm: 'Xác nhận đặt lịch',
    doneTitle: 'Đã đặt lịch thành công',
    ics: 'Tải tệp .ics',
    mine: 'Lịch hẹn của tôi',
    reschedule: 'Đổi giờ',
    moveYes: 'Chuyển lịch hẹn',
    moved: /Lịch hẹn đã được chuyển sang/,
    cancel: 'Hủy lịch hẹn',
    cancelYes: 'Có, hủy lịch',
    cancelled: 'Lịch hẹn đã được hủy.',
    zone: /Giờ hiển thị theo múi giờ Europe\/London/,
  },
} as const;

type Lang = keyof typeof TEXT;

async function expectAccessible(page: Page, lang: Lang, screen: string) {
  await screenshot(page, `book-${screen}-${lang}`);
  expect({ screen, violations: await seriousViolations(page) }).toEqual({ screen, violations: [] });
}

/** The email-code form wherever the page shows it: the code is read from SES local. */
async function signIn(page: Page, t: (typeof TEXT)[Lang], email: string) {
  await page.getByLabel(t.email).fill(email);
  await page.getByRole('button', { name: t.sendCode }).click();
  const codeField = page.getByLabel(t.code);
  await codeField.waitFor({ timeout: 60_000 });
  await codeField.fill(await latestCode(email, { timeoutMs: 10_000 }));
  await page.getByRole('button', { name: t.signIn, exact: true }).click();
}

async function pickSlot(page: Page, t: (typeof TEXT)[Lang], dayIndex: number) {
  await page.getByRole('list', { name: t.days }).getByRole('button').nth(dayIndex).click();
  const first = page.getByRole('list', { name: t.times }).getByRole('button').first();
  await first.waitFor({ timeout: 60_000 });
  await first.click();
}

describe.each(['en', 'vi'] as const)('the booking page /book (%s)', (lang) => {
  const t = TEXT[lang];

  it('It should let a customer on a phone book, reschedule and cancel an appointment', async () => {
    // Arrange: a service only this test offers, a consultant available around the clock
    const service = await createService({
      name: `Haircut ${lang} ${randomBytes(3).toString('hex')}`,
      durationMinutes: 30,
    });
    await createConsultant({
      name: `Lan ${randomBytes(2).toString('hex')}`,
      serviceIds: [service.serviceId],
      timeZone: 'Asia/Ho_Chi_Minh',
      weeklyHours: Object.fromEntries(WEEK.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
    });
    const email = randomEmail(`web-${lang}`);
    const page = await newPhonePage(browser, {
      locale: lang === 'vi' ? 'vi-VN' : 'en-GB',
      timezoneId: 'Europe/London',
    });

    // Act 1: open the page, choose the language, sign in when the catalog asks for it
    await page.goto(webUrl('/book/'));
    await page.getByRole('combobox', { name: /Language|Ngôn ngữ/ }).selectOption({ label: t.language });
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);
    await page.getByLabel(t.email).waitFor({ timeout: 30_000 });
    await expectAccessible(page, lang, 'sign-in');
    await signIn(page, t, email);
    await page.getByRole('heading', { level: 1, name: t.chooseService }).waitFor({ timeout: 60_000 });
    await expectAccessible(page, lang, 'services');

    // Act 2: service → day → time (in the shown zone) → confirm
    await page.getByRole('button', { name: new RegExp(service.name) }).click();
    await page.getByText(t.zone).waitFor({ timeout: 60_000 });
    // Today may have no time left (notice period): the day after tomorrow always has slots here.
    await page.getByRole('list', { name: t.days }).getByRole('button').nth(2).click();
    await page.getByRole('list', { name: t.times }).getByRole('button').first().waitFor({ timeout: 60_000 });
    await expectAccessible(page, lang, 'time');
    await pickSlot(page, t, 2);
    await page.getByRole('heading', { level: 1, name: t.confirmTitle }).waitFor();
    await expectAccessible(page, lang, 'confirm');
    await page.getByRole('button', { name: t.confirm }).click();

    // Assert 1: booked, with a calendar file, and the API holds exactly that appointment
    await page.getByRole('heading', { level: 1, name: t.doneTitle }).waitFor({ timeout: 60_000 });
    await expectAccessible(page, lang, 'done');
    expect(await page.getByRole('link', { name: t.ics }).getAttribute('href')).toMatch(
      /^data:text\/calendar;charset=utf-8,BEGIN%3AVCALENDAR/,
    );
    const user = await getUserByEmail(email);
    if (!user) throw new Error('the sign-in did not create the user');
    const booked = (await listUserAppointments(user.userId, { limit: 10 })).items;
    expect(booked.map((a) => [a.serviceId, a.status, a.channel])).toEqual([
      [service.serviceId, 'booked', 'web'],
    ]);
    const first = booked[0];
    if (!first) throw new Error('no appointment');

    // Act 3: reload (the access token was in memory only: the HttpOnly refresh cookie, accepted by
    // Chromium as Secure on http://127.0.0.1, signs the customer in again silently), then
    // My appointments → Reschedule → another day
    await page.reload();
    await page.getByRole('link', { name: t.mine }).first().click();
    await page.getByRole('button', { name: t.reschedule }).waitFor({ timeout: 60_000 });
    await expectAccessible(page, lang, 'appointments');
    await page.getByRole('button', { name: t.reschedule }).click();
    await pickSlot(page, t, 4);
    await expectAccessible(page, lang, 'reschedule');
    await page.getByRole('button', { name: t.moveYes }).click();

    // Assert 2: moved (the list says so, the API has the new start)
    await page.getByRole('status').filter({ hasText: t.moved }).waitFor({ timeout: 60_000 });
    const moved = (await listUserAppointments(user.userId, { limit: 10 })).items;
    expect(moved).toHaveLength(1);
    expect(moved[0]?.appointmentId).toBe(first.appointmentId);
    expect(moved[0]?.start).not.toBe(first.start);

    // Act 4: cancel
    await page.getByRole('button', { name: t.cancel }).click();
    await expectAccessible(page, lang, 'cancel');
    await page.getByRole('button', { name: t.cancelYes }).click();

    // Assert 3: cancelled
    await page.getByRole('status').filter({ hasText: t.cancelled }).waitFor({ timeout: 60_000 });
    const after = (await listUserAppointments(user.userId, { limit: 10 })).items;
    expect(after.map((a) => a.status)).toEqual(['cancelled']);
    await page.context().close();
  }, 600_000);
});
