import { randomBytes } from 'node:crypto';
import { createConsultant, createService, listUserAppointments } from '@bookingbot/common/booking';
import { getUserByPsid } from '@bookingbot/common/users';
import { type Browser, chromium, type Page } from 'playwright-core';
import { latestCode } from '../../../../test/support/auth';
import { GRAPH_API_URL, randomEmail, randomPsid } from './helpers';

/**
 * A person in the simulator's chat page (headless Debian Chromium): clicks quick replies and
 * buttons, types the email and the emailed code, and books, then cancels, an appointment.
 */
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** Clicks the newest quick reply whose title matches. */
async function clickQuick(page: Page, title: string | RegExp) {
  const button = page.getByTestId('quick-replies').getByRole('button', { name: title }).first();
  await button.waitFor({ timeout: 20_000 });
  await button.click();
}

async function type(page: Page, text: string) {
  await page.getByTestId('composer').fill(text);
  await page.getByTestId('send').click();
}

const lastBot = (page: Page) => page.getByTestId('bot-message').last();

describe('the Messenger simulator chat page', () => {
  it('It should let a person book and cancel an appointment by clicking and typing', async () => {
    // Arrange
    const service = await createService({
      name: `Massage ${randomBytes(2).toString('hex')}`,
      durationMinutes: 60,
    });
    await createConsultant({
      name: 'Mai',
      serviceIds: [service.serviceId],
      timeZone: 'Asia/Ho_Chi_Minh',
      weeklyHours: Object.fromEntries(WEEK.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
    });
    const psid = randomPsid();
    const email = randomEmail();
    const page = await browser.newPage();
    await page.goto(`${GRAPH_API_URL}/?psid=${psid}`);

    // Act: Get Started → Book → the service (paging through "More services") → first day → first time
    await page.getByTestId('get-started').click();
    await clickQuick(page, 'Book an appointment');
    for (let i = 0; i < 20; i++) {
      await page.getByTestId('quick-replies').getByRole('button').first().waitFor({ timeout: 20_000 });
      const mine = page.getByTestId('quick-replies').getByRole('button', { name: service.name });
      if (await mine.count()) break;
      await clickQuick(page, 'More services');
      await page.waitForTimeout(300);
    }
    await clickQuick(page, service.name);
    await page
      .getByTestId('quick-replies')
      .getByRole('button', { name: 'Cancel' })
      .waitFor({ timeout: 20_000 });
    await page.getByTestId('quick-replies').getByRole('button').first().click();
    await clickQuick(page, /^\d{2}:\d{2}$/);
    await lastBot(page)
      .getByText(/email address/)
      .waitFor({ timeout: 20_000 });
    await type(page, email);
    await lastBot(page)
      .getByText(/6-digit code/)
      .waitFor({ timeout: 20_000 });
    await type(page, await latestCode(email, { timeoutMs: 10_000 }));
    await lastBot(page).getByRole('button', { name: 'Confirm' }).click({ timeout: 20_000 });
    await page
      .getByTestId('bot-message')
      .getByText(/^Booked!/)
      .waitFor({ timeout: 20_000 });

    // Assert: booked
    const user = await getUserByPsid(psid);
    const booked = await listUserAppointments(user?.userId as string);
    expect(booked.items.map((a) => [a.serviceId, a.status])).toEqual([[service.serviceId, 'booked']]);

    // Act: My appointments → Cancel → Yes
    await clickQuick(page, 'My appointments');
    await page.getByTestId('card').last().getByRole('button', { name: 'Cancel' }).click({ timeout: 20_000 });
    await lastBot(page).getByRole('button', { name: 'Yes, cancel it' }).click({ timeout: 20_000 });
    await page
      .getByTestId('bot-message')
      .getByText(/is cancelled/)
      .waitFor({ timeout: 20_000 });

    // Assert: cancelled
    const after = await listUserAppointments(user?.userId as string);
    expect(after.items[0]?.status).toBe('cancelled');
    await page.close();
  }, 180_000);
});
