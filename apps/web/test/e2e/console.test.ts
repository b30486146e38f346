import { randomBytes, randomUUID } from 'node:crypto';
import { createConsultant, createService, getAppointment } from '@bookingbot/common/booking';
import { findOrCreateUserByEmail, linkPsid, updateUser } from '@bookingbot/common/users';
import type { Browser, Page } from 'playwright-core';
import {
  deliver,
  randomPsid,
  simSeq,
  textEvent,
  textOf,
  waitForBot,
} from '../../../../services/messenger-webhook/test/e2e/helpers';
import { bearer, latestCode, randomEmail, signIn } from '../../../../test/support/auth';
import { launchBrowser, screenshot, seriousViolations, webUrl } from '../support/browser';

/**
 * The staff console /console over the real local stack (web server → serverless-offline →
 * DynamoDB Local, codes from SES local, the Messenger simulator), located by role and label:
 * a staff member signs in, sees the appointment a customer booked through user-api a moment
 * before, reschedules it, changes the consultant's hours and gets the orphan dialog, replies to a
 * Messenger conversation found among the recent ones and gives the thread back to the bot, which
 * answers the customer again, then hands it to the Page Inbox.
 * Then axe-core on every screen, in English and Vietnamese.
 */
let browser: Browser;
let page: Page;

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const USER_API = () => process.env.USER_API_URL as string;
const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const weekdayOf = (day: string) => WEEK[(new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7] as string;
const DAY_NAMES: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

// What the test shares across its steps (one story, told in order).
const story = {
  staffEmail: randomEmail('staff'),
  customerEmail: randomEmail('customer'),
  serviceId: '',
  consultantId: '',
  consultantName: `Mai ${randomBytes(2).toString('hex')}`,
  appointmentId: '',
  day: tomorrow(),
};

async function expectAccessible(name: string) {
  await screenshot(page, `console-${name}`);
  expect({ name, violations: await seriousViolations(page) }).toEqual({ name, violations: [] });
}

const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const go = (hash: string) => page.goto(webUrl(`/console/#${hash}`));

beforeAll(async () => {
  browser = await launchBrowser();
  // A desk, not a phone: the console is a back-office tool. Times shown in UTC for the assertions.
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  page = await context.newPage();

  // A service and a consultant only this test uses, open around the clock (UTC).
  const service = await createService({
    name: `Massage ${randomBytes(3).toString('hex')}`,
    durationMinutes: 60,
  });
  const consultant = await createConsultant({
    name: story.consultantName,
    serviceIds: [service.serviceId],
    timeZone: 'UTC',
    weeklyHours: Object.fromEntries(WEEK.map((d) => [d, [{ start: '00:00', end: '24:00' }]])),
  });
  story.serviceId = service.serviceId;
  story.consultantId = consultant.consultantId;
  // Staff are granted the role on their record, as an admin does through admin-api.
  const { user } = await findOrCreateUserByEmail(story.staffEmail);
  await updateUser(user.userId, { role: 'admin' });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the staff console /console', () => {
  it('It should let staff sign in with an emailed code and see the appointment a customer just booked', async () => {
    // Arrange: a customer books tomorrow's first free slot through user-api
    const customer = await signIn(story.customerEmail);
    const q = new URLSearchParams({
      serviceId: story.serviceId,
      consultantId: story.consultantId,
      date: story.day,
      timeZone: 'UTC',
    });
    const availability = (await (
      await fetch(`${USER_API()}/availability?${q}`, { headers: bearer(customer) })
    ).json()) as {
      slots: { start: string; consultantId: string }[];
    };
    const slot = availability.slots[2];
    if (!slot) throw new Error(`no free slot: ${JSON.stringify(availability)}`);
    const booked = await fetch(`${USER_API()}/appointments`, {
      method: 'POST',
      headers: { ...bearer(customer), 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({
        serviceId: story.serviceId,
        consultantId: story.consultantId,
        start: slot.start,
      }),
    });
    expect(booked.status).toBe(201);
    story.appointmentId = ((await booked.json()) as { appointmentId: string }).appointmentId;

    // Act: sign in at the console's door
    await page.goto(webUrl('/console/'));
    await page.getByLabel('Email address').fill(story.staffEmail);
    await expectAccessible('sign-in-en');
    await page.getByRole('button', { name: 'Email me a code' }).click();
    await page.getByLabel('6-digit code').fill(await latestCode(story.staffEmail, { timeoutMs: 15_000 }));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await heading(/^Today/).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Next day' }).click();

    // Assert: the consultant's timeline shows the appointment with customer, service, channel, status
    const timeline = page.getByRole('region', { name: story.consultantName });
    const row = timeline.getByRole('listitem').filter({ hasText: story.customerEmail });
    await row.waitFor({ timeout: 20_000 });
    await expect(row.textContent()).resolves.toMatch(/Massage .*Web.*Booked/);
    await expectAccessible('today-en');
  }, 180_000);

  it('It should reschedule the appointment to a free slot picked in the dialog', async () => {
    // Arrange
    const before = await getAppointment(story.appointmentId);
    const row = page
      .getByRole('region', { name: story.consultantName })
      .getByRole('listitem')
      .filter({ hasText: story.customerEmail });

    // Act
    await row.getByRole('button', { name: 'Reschedule' }).click();
    const dialog = page.getByRole('dialog', { name: `Reschedule ${story.customerEmail}` });
    await dialog
      .getByRole('list', { name: 'Free times' })
      .getByRole('button')
      .first()
      .waitFor({ timeout: 20_000 });
    await expectAccessible('reschedule-en');
    await dialog.getByRole('list', { name: 'Free times' }).getByRole('button').first().click();

    // Assert: the page says so and the API holds the new start
    await page
      .getByRole('status')
      .filter({ hasText: /^Moved to/ })
      .waitFor({ timeout: 20_000 });
    const after = await getAppointment(story.appointmentId);
    expect(after?.status).toBe('booked');
    expect(after?.start).not.toBe(before?.start);
    expect(after?.start.slice(0, 10)).toBe(story.day);
  }, 120_000);

  it('It should show the orphan dialog when new hours would strand the appointment, and cancel and notify on request', async () => {
    // Arrange: the consultant's hours on the appointment's weekday
    const day = DAY_NAMES[weekdayOf(story.day)] as string;
    await go(`/hours/${story.consultantId}`);
    await heading('Hours').waitFor({ timeout: 20_000 });
    await page.getByRole('group', { name: day }).waitFor({ timeout: 20_000 });
    await expectAccessible('hours-en');

    // Act 1: close that day and save
    await page
      .getByRole('group', { name: day })
      .getByRole('button', { name: new RegExp(`^Remove ${day}`) })
      .click();
    await page.getByRole('button', { name: 'Save hours' }).click();

    // Assert 1: the API refused (409) and the dialog lists the stranded appointment; nothing changed
    const dialog = page.getByRole('dialog', { name: 'This change would strand booked appointments' });
    await dialog.waitFor({ timeout: 20_000 });
    await dialog.getByRole('listitem').filter({ hasText: story.customerEmail }).waitFor({ timeout: 20_000 });
    expect((await getAppointment(story.appointmentId))?.status).toBe('booked');
    await expectAccessible('orphan-dialog-en');

    // Act 2: cancel them and notify the customers
    await dialog.getByRole('button', { name: 'Cancel them and notify customers' }).click();

    // Assert 2: saved, the appointment cancelled with the reason the customer is told
    await page
      .getByRole('status')
      .filter({ hasText: /1 appointments were cancelled/ })
      .waitFor({ timeout: 20_000 });
    const cancelled = await getAppointment(story.appointmentId);
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.cancelReason).toBe('The consultant is no longer available at that time');
  }, 120_000);

  it('It should reply to a Messenger conversation as staff, then give the thread back so the bot answers again', async () => {
    // Arrange: a customer with Messenger linked asks for a person (the bot hands the thread over)
    const psid = randomPsid();
    const email = randomEmail('chat');
    const { user } = await findOrCreateUserByEmail(email);
    await linkPsid(user.userId, psid);
    await deliver([textEvent(psid, 'I want to talk to a human')]);
    await waitForBot(psid, (m) => m.some((x) => /connecting you with a person/.test(textOf(x))));

    // Act 1: find the conversation among the recent ones (paused: the Page Inbox has it), read it, reply
    await go('/conversations');
    const recent = page.getByRole('region', { name: 'Recent conversations' });
    const row = recent.getByRole('row').filter({ hasText: email });
    await row.waitFor({ timeout: 20_000 });
    await expect(row.getByRole('cell').last().textContent()).resolves.toMatch(/^Paused: Page Inbox since/);
    await expectAccessible('conversations-recent-en');
    await row.getByRole('link', { name: email }).click();
    await heading(`Conversation with ${email}`).waitFor({ timeout: 20_000 });
    await page.getByText('I want to talk to a human').waitFor({ timeout: 20_000 });
    await expect(page.locator('#reply-rule').textContent()).resolves.toContain(
      'Within 24 hours of their last message',
    );
    await expectAccessible('conversation-en');
    const reply = `Hello from the front desk ${randomBytes(2).toString('hex')}`;
    const sentFrom = await simSeq();
    await page.getByRole('textbox', { name: 'Reply as staff' }).fill(reply);
    await page.getByRole('button', { name: 'Send' }).click();

    // Assert 1: sent inside the 24 h window (RESPONSE), and Messenger got exactly that text
    await page.getByRole('status').filter({ hasText: 'Sent (RESPONSE).' }).waitFor({ timeout: 20_000 });
    await waitForBot(psid, (m) => m.some((x) => textOf(x) === reply), { since: sentFrom });

    // Act 2: give the thread back, the customer writes again
    await page.getByRole('button', { name: 'Give the conversation back to the bot' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The bot answers this customer again.' })
      .waitFor({ timeout: 20_000 });
    const backFrom = await simSeq();
    await deliver([textEvent(psid, 'book')]);

    // Assert 2: the bot answers again
    const answers = await waitForBot(psid, (m) => m.length > 0, { since: backFrom, timeoutMs: 30_000 });
    expect(answers.length).toBeGreaterThan(0);

    // Act 3: hand the thread to the Page Inbox from the console
    await page.getByRole('button', { name: 'Hand the conversation to the Page Inbox' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The conversation is in the Page Inbox; the bot is paused for this customer.' })
      .waitFor({ timeout: 20_000 });

    // Assert 3: Messenger's thread owner is the Page Inbox, and the screen says the bot is paused
    const owner = (await (await fetch(`${process.env.GRAPH_API_URL}/__sim/thread?psid=${psid}`)).json()) as {
      owner?: string;
    };
    expect(owner.owner).toBe('263902037430900');
    await page
      .getByRole('region', { name: 'Who answers this customer' })
      .getByText(/^Paused: Page Inbox since/)
      .waitFor({ timeout: 20_000 });
    await expect(
      page.getByRole('button', { name: 'Give the conversation back to the bot' }).isEnabled(),
    ).resolves.toBe(true);
  }, 120_000);
});

describe.each([
  [
    'en',
    'English',
    {
      today: /^Today/,
      week: /^Week of/,
      catalog: 'Catalog',
      hours: 'Hours',
      customers: 'Customers',
      conversations: 'Conversations',
      analytics: 'Analytics',
      audit: 'Audit log',
    },
  ],
  [
    'vi',
    'Tiếng Việt',
    {
      today: /^Hôm nay/,
      week: /^Tuần từ/,
      catalog: 'Danh mục',
      hours: 'Giờ làm',
      customers: 'Khách hàng',
      conversations: 'Hội thoại',
      analytics: 'Thống kê',
      audit: 'Nhật ký thao tác',
    },
  ],
] as const)('every console screen in %s', (lang, language, titles) => {
  beforeAll(async () => {
    await go('/');
    await page.getByRole('combobox', { name: /Language|Ngôn ngữ/ }).selectOption({ label: language });
  }, 60_000);

  it.each([
    ['today', '/'],
    ['week', '/week'],
    ['catalog', '/catalog'],
    ['hours', '/hours'],
    ['customers', '/customers'],
    ['conversations', '/conversations'],
    ['analytics', '/analytics'],
    ['audit', '/audit'],
  ] as const)(
    'It should have no serious or critical axe violations on %s',
    async (screen, hash) => {
      await go(hash);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await heading(titles[screen]).waitFor({ timeout: 30_000 });
      // Let the screen's reads land (tables, timelines) before checking them.
      await page.waitForLoadState('networkidle');
      await expectAccessible(`${screen}-${lang}`);
    },
    60_000,
  );

  it('It should have no serious or critical axe violations on a customer profile', async () => {
    const { user } = await findOrCreateUserByEmail(story.customerEmail);
    await go(`/customers/${user.userId}`);
    await heading(story.customerEmail).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await expectAccessible(`customer-${lang}`);
  }, 60_000);
});

describe('the analytics screen', () => {
  it('It should run the eight reports over a date range and chart them, showing each query state', async () => {
    await go('/');
    await page.getByRole('combobox', { name: /Language|Ngôn ngữ/ }).selectOption({ label: 'English' });
    await go('/analytics');
    await heading('Analytics').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Run reports', exact: true }).click();

    const sections = page.getByRole('region');
    await sections.nth(7).waitFor({ timeout: 30_000 });
    await expect(sections.count()).resolves.toBe(8);
    // Every report reaches a final state; the first run of a range is a new run, not the cache.
    const deadline = Date.now() + 120_000;
    while ((await page.locator('section[aria-busy="true"]').count()) > 0 && Date.now() < deadline)
      await page.waitForTimeout(500);
    const states = await page.getByRole('status').allTextContents();
    expect(states.filter((s) => /^Done/.test(s))).toHaveLength(8);
    await expectAccessible('analytics-run-en');

    // Run again: answered from the cache
    await page.getByRole('button', { name: 'Run reports', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'From cache' }).first().waitFor({ timeout: 60_000 });
  }, 240_000);
});
