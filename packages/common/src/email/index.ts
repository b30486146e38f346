import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { loadConfig } from '../config';
import { DependencyError } from '../errors';
import * as z from '../schema/index';
import { traceClient } from '../tracing';

const emailShape = {
  SES_FROM: z._default(z.string().check(z.minLength(3)), 'Bookingbot <no-reply@bookingbot.local>'),
  /** Set only locally/in tests: aws-ses-v2-local's URL. */
  SES_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
};

let client: SESv2Client | undefined;
let cfg: ReturnType<typeof loadEmailConfig> | undefined;
const loadEmailConfig = () => loadConfig(emailShape);

function ses(): SESv2Client {
  cfg ??= loadEmailConfig();
  client ??= traceClient(
    new SESv2Client(
      cfg.SES_ENDPOINT
        ? {
            endpoint: cfg.SES_ENDPOINT,
            region: cfg.AWS_REGION,
            credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
          }
        : { region: cfg.AWS_REGION },
    ),
  );
  return client;
}

/** Replaces the SES client (unit tests of failure paths). */
export function setEmailClient(c: SESv2Client | undefined): void {
  client = c;
}

/** A file sent with an email (SES v2 `Simple` content attachments; no MIME to build). */
export interface EmailAttachment {
  fileName: string;
  /** With parameters where they matter: `text/calendar; method=REQUEST; charset=UTF-8`. */
  contentType: string;
  content: string | Uint8Array;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: EmailAttachment[];
}

/** The address emails come from (the bare address of `SES_FROM`), e.g. for an invite's organizer. */
export function senderAddress(): string {
  cfg ??= loadEmailConfig();
  return /<([^>]+)>/.exec(cfg.SES_FROM)?.[1] ?? cfg.SES_FROM;
}

/** Sends one email through SES v2. Any SES failure becomes a retryable `dependency.unavailable`. */
export async function sendEmail(message: EmailMessage): Promise<void> {
  cfg ??= loadEmailConfig();
  const from = cfg.SES_FROM;
  try {
    await ses().send(
      new SendEmailCommand({
        FromEmailAddress: from,
        Destination: { ToAddresses: [message.to] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              ...(message.html ? { Html: { Data: message.html, Charset: 'UTF-8' } } : {}),
            },
            ...(message.attachments?.length
              ? {
                  Attachments: message.attachments.map((a) => ({
                    FileName: a.fileName,
                    ContentType: a.contentType,
                    ContentDisposition: 'ATTACHMENT' as const,
                    ContentTransferEncoding: 'BASE64' as const,
                    RawContent:
                      typeof a.content === 'string' ? new TextEncoder().encode(a.content) : a.content,
                  })),
                }
              : {}),
          },
        },
      }),
    );
  } catch (err) {
    throw new DependencyError('SES', err, 10);
  }
}

export { appointmentInvite, type InviteMethod } from './calendar';
export { escapeHtml } from './html';
export {
  type BookingEmailChange,
  bookingEmail,
  formatWhen,
  type RenderedEmail,
  reminderEmail,
  signInCodeEmail,
} from './templates';
