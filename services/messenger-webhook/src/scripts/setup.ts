/**
 * `npm run messenger:setup -- --stage <stage> [--page-id <id>]`
 *
 * Configures the Page's Messenger profile (Get Started button, greeting in English and Vietnamese,
 * persistent menu) through the Messenger Profile API and subscribes the app to the Page's webhook
 * fields. Idempotent: run it after every deploy that changes the menu.
 *
 * - `--stage local`: talks to the Messenger simulator with the local development secrets
 *   (`npm run dev` must be running).
 * - any other stage: talks to graph.facebook.com with the Page token and App Secret from SSM
 *   (`/bookingbot/<stage>/messenger/page-access-token`, `…/app-secret`; AWS credentials needed)
 *   and the Page id from `--page-id`, `MESSENGER_PAGE_ID` or SSM `…/page-id`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { graphRequest, setMessengerProfile } from '@bookingbot/common/messenger';

/** The local stack's env (scripts/lib/env.mjs), the one every local process gets. */
async function localStackEnv(): Promise<Record<string, string>> {
  const lib = (file: string) => pathToFileURL(path.join(process.cwd(), 'scripts/lib', file)).href;
  const { localEnv } = (await import(lib('env.mjs'))) as {
    localEnv: (ports: unknown) => Record<string, string>;
  };
  const { resolvePorts } = (await import(lib('ports.mjs'))) as { resolvePorts: () => unknown };
  return localEnv(resolvePorts());
}

/** The webhook fields the bot needs: messages (incl. quick replies), postbacks, the handover protocol. */
export const SUBSCRIBED_FIELDS = ['messages', 'messaging_postbacks', 'messaging_handovers', 'standby'];

export const PROFILE = {
  get_started: { payload: 'GET_STARTED' },
  greeting: [
    { locale: 'default', text: 'Hi {{user_first_name}}! Book, move or cancel an appointment right here.' },
    { locale: 'vi_VN', text: 'Xin chào {{user_first_name}}! Đặt, đổi hoặc hủy lịch hẹn ngay tại đây.' },
  ],
  persistent_menu: [
    {
      locale: 'default',
      composer_input_disabled: false,
      call_to_actions: [
        { type: 'postback', title: 'Book an appointment', payload: 'BOOK' },
        { type: 'postback', title: 'My appointments', payload: 'MY_APPTS' },
        { type: 'postback', title: 'Talk to a person', payload: 'HUMAN' },
      ],
    },
    {
      locale: 'vi_VN',
      composer_input_disabled: false,
      call_to_actions: [
        { type: 'postback', title: 'Đặt lịch hẹn', payload: 'BOOK' },
        { type: 'postback', title: 'Lịch của tôi', payload: 'MY_APPTS' },
        { type: 'postback', title: 'Gặp nhân viên', payload: 'HUMAN' },
      ],
    },
  ],
};

function option(args: string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = args[i] as string;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[i + 1];
}

export async function main(args: string[]): Promise<void> {
  const usage = 'usage: npm run messenger:setup -- --stage <stage> [--page-id <id>]';
  if (args.includes('--help')) {
    console.log(usage);
    return;
  }
  const stage = option(args, 'stage');
  if (!stage || !/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(usage);
  }
  if (stage === 'local') {
    Object.assign(process.env, { ...(await localStackEnv()), ...process.env });
  } else {
    const prefix = `/bookingbot/${stage}/messenger`;
    process.env.GRAPH_API_URL ??= 'https://graph.facebook.com';
    process.env.MESSENGER_PAGE_ACCESS_TOKEN_PARAM = `${prefix}/page-access-token`;
    process.env.MESSENGER_APP_SECRET_PARAM = `${prefix}/app-secret`;
    process.env.MESSENGER_PAGE_ID_PARAM ??= `${prefix}/page-id`;
  }
  const pageIdArg = option(args, 'page-id');
  const pageId = pageIdArg ?? process.env.MESSENGER_PAGE_ID ?? (await pageIdFromSsm());

  await setMessengerProfile(PROFILE);
  console.log(
    `✔ Messenger profile set on ${process.env.GRAPH_API_URL}: Get Started, greeting (en, vi), persistent menu`,
  );
  await graphRequest(
    'POST',
    `/${encodeURIComponent(pageId)}/subscribed_apps?subscribed_fields=${SUBSCRIBED_FIELDS.join(',')}`,
  );
  console.log(`✔ Page ${pageId} subscribed to ${SUBSCRIBED_FIELDS.join(', ')}`);
}

async function pageIdFromSsm(): Promise<string> {
  const { secret } = await import('@bookingbot/common/config');
  return secret('MESSENGER_PAGE_ID');
}
