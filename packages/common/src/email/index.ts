import { AwsClient } from 'aws4fetch';
import { loadConfig } from '../config';
import { DependencyError } from '../errors';
import * as z from '../schema/index';
import { traced } from '../tracing';

const emailShape = {
  SES_FROM: z._default(z.string().check(z.minLength(3)), 'Bookingbot <no-reply@bookingbot.local>'),
  /** Set only locally/in tests: aws-ses-v2-local's URL. */
  SES_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'us-east-1'),
};

let cfg: ReturnType<typeof loadEmailConfig> | undefined;
const loadEmailConfig = () => loadConfig(emailShape);

/** The SES v2 `SendEmail` request body (the API's JSON; binary attachment content in base64). */
export interface SendEmailRequest {
  FromEmailAddress: string;
  Destination: { ToAddresses: string[] };
  Content: {
    Simple: {
      Subject: { Data: string; Charset: 'UTF-8' };
      Body: { Text: { Data: string; Charset: 'UTF-8' }; Html?: { Data: string; Charset: 'UTF-8' } };
      Attachments?: {
        FileName: string;
        ContentType: string;
        ContentDisposition: 'ATTACHMENT';
        ContentTransferEncoding: 'BASE64';
        RawContent: string;
      }[];
    };
  };
}

/** Delivers one `SendEmail` request; rejects when SES did not accept it. */
export type EmailTransport = (request: SendEmailRequest) => Promise<void>;

/**
 * SES v2 `SendEmail` as one signed `fetch` (aws4fetch, already bundled for SSM reads) instead of
 * `@aws-sdk/client-sesv2`: the client put ≈ 63 KB into every function that can send an email
 * (sign-in codes, booking confirmations, reminders — most of the user-api, admin-api and worker
 * bundles), parsed at every cold start, for one REST call with a JSON body
 * (`POST /v2/email/outbound-emails`). Same request as the SDK sends, so SES local accepts it
 * unchanged; same retry budget as the SDK's standard mode (3 attempts, backoff on 5xx/429).
 * `endpoint` defaults to the regional one; credentials are the execution role's, from the
 * environment (locally: any value, SES local does not check). @default retries 2
 */
export function sesTransport(
  options: { endpoint?: string; region?: string; retries?: number } = {},
): EmailTransport {
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const base = (options.endpoint ?? `https://email.${region}.amazonaws.com`).replace(/\/$/, '');
  let signer: AwsClient | undefined;
  return async (request) => {
    signer ??= new AwsClient({
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
      sessionToken: process.env.AWS_SESSION_TOKEN,
      service: 'ses',
      region,
      retries: options.retries ?? 2,
    });
    const res = await signer.fetch(`${base}/v2/email/outbound-emails`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    const out = (await res.json().catch(() => ({}))) as { message?: string; Message?: string };
    const code = (res.headers.get('x-amzn-errortype') ?? String(res.status)).split(':')[0];
    throw Object.assign(
      new Error(`SES SendEmail failed: ${code} ${out.message ?? out.Message ?? ''}`.trim()),
      {
        name: code,
        status: res.status,
      },
    );
  };
}

let transport: EmailTransport | undefined;

function defaultTransport(): EmailTransport {
  cfg ??= loadEmailConfig();
  transport ??= sesTransport({ endpoint: cfg.SES_ENDPOINT, region: cfg.AWS_REGION });
  return transport;
}

/** Replaces how emails leave (unit and fault tests); `undefined` restores SES. */
export function setEmailTransport(t: EmailTransport | undefined): void {
  transport = t;
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
  const request: SendEmailRequest = {
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
                RawContent: Buffer.from(a.content).toString('base64'),
              })),
            }
          : {}),
      },
    },
  };
  const send = defaultTransport();
  try {
    // A subsegment like the SDK clients' (`## ses.SendEmail`): the call is a fetch, not an SDK client.
    await traced('ses.SendEmail', () => send(request));
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
