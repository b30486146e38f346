import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, documentClient, isConditionalCheckFailed, tableName } from '../db';
import { NotFoundError, ValidationError } from '../errors';
import type { Role } from '../middleware';
import * as z from '../schema/index';

/**
 * The user entity. Key layout (docs/data-model.md "Users"):
 * - profile:           pk `USER#<id>`        sk `PROFILE`
 * - email uniqueness:  pk `EMAIL#<email>`    sk `EMAIL`     → userId (created in the same transaction)
 * - PSID link:         pk `PSID#<psid>`      sk `PSID`      → userId
 * - search/list:       gsi2pk `USERS`, gsi2sk `<email>` on the profile (admin search by prefix)
 */
export interface User {
  type: 'user';
  userId: string;
  email: string;
  name?: string;
  timeZone?: string;
  locale?: string;
  role: Role;
  blocked: boolean;
  psid?: string;
  createdAt: string;
  updatedAt: string;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** RFC 5321 §4.5.3.1: a local part is at most 64 octets, a whole path at most 254 characters. */
export const EMAIL_LOCAL_PART_MAX = 64;
export const EMAIL_MAX = 254;

/** Why `email` is not an address we accept, or undefined when it is (syntax per zod, lengths per RFC 5321). */
export function emailProblem(email: string): string | undefined {
  if (!z.email().safeParse(email).success) return 'Invalid email address';
  if (email.length > EMAIL_MAX) return `must be at most ${EMAIL_MAX} characters`;
  const local = email.slice(0, email.lastIndexOf('@'));
  if (Buffer.byteLength(local, 'utf8') > EMAIL_LOCAL_PART_MAX)
    return `the part before @ must be at most ${EMAIL_LOCAL_PART_MAX} characters`;
  return undefined;
}

/** The one email schema of the system (request bodies, chat input): zod's syntax plus RFC 5321 lengths. */
export const emailAddress = z.string().check(
  z.superRefine((value, ctx) => {
    const problem = emailProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);

/** Throws a 400 naming `field` when `email` is not acceptable; the domain's own guard behind the route schemas. */
export function assertEmailAddress(email: string, field = 'body.email'): void {
  const problem = emailProblem(email.trim());
  if (problem) throw new ValidationError([{ field, message: problem }]);
}
const userKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const emailKey = (email: string) => ({ pk: `EMAIL#${normalizeEmail(email)}`, sk: 'EMAIL' });
const psidKey = (psid: string) => ({ pk: `PSID#${psid}`, sk: 'PSID' });

function strip(item: Record<string, unknown> | undefined): User | undefined {
  if (!item) return undefined;
  const { pk: _pk, sk: _sk, gsi2pk: _g, gsi2sk: _s, ...rest } = item;
  return rest as unknown as User;
}

/** A test/seed factory with sensible defaults. */
export function createMockUser(overrides: Partial<User> = {}): User {
  const now = new Date().toISOString();
  return {
    type: 'user',
    userId: randomUUID(),
    email: `user-${randomUUID().slice(0, 8)}@example.com`,
    role: 'user',
    blocked: false,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

export async function getUser(userId: string): Promise<User | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: userKey(userId) }));
  return strip(out.Item);
}

export async function requireUser(userId: string): Promise<User> {
  const user = await getUser(userId);
  if (!user) throw new NotFoundError('user');
  return user;
}

export async function getUserByEmail(email: string): Promise<User | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: emailKey(email) }));
  const userId = out.Item?.userId as string | undefined;
  return userId ? getUser(userId) : undefined;
}

export async function getUserByPsid(psid: string): Promise<User | undefined> {
  const out = await documentClient().send(new GetCommand({ TableName: tableName(), Key: psidKey(psid) }));
  const userId = out.Item?.userId as string | undefined;
  return userId ? getUser(userId) : undefined;
}

/**
 * Returns the user with this email, creating it (sign-up is implicit on first verification).
 * Creation is one transaction writing the profile and the email-uniqueness item, each guarded by
 * `attribute_not_exists(pk)`, so two parallel first sign-ins create one user.
 */
export async function findOrCreateUserByEmail(
  email: string,
  role: Role = 'user',
): Promise<{ user: User; created: boolean }> {
  const existing = await getUserByEmail(email);
  if (existing) return { user: existing, created: false };
  const user = createMockUser({ email: normalizeEmail(email), role });
  try {
    await documentClient().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...emailKey(email), type: 'userEmail', userId: user.userId },
              ConditionExpression: 'attribute_not_exists(pk)', // emailIsUnclaimed
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...userKey(user.userId), gsi2pk: 'USERS', gsi2sk: user.email, ...user },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
    return { user, created: true };
  } catch (err) {
    if (cancellationReasons(err).includes('ConditionalCheckFailed')) {
      const winner = await getUserByEmail(email);
      if (winner) return { user: winner, created: false };
    }
    throw err;
  }
}

type ProfilePatch = Partial<Pick<User, 'name' | 'timeZone' | 'locale' | 'role' | 'blocked' | 'psid'>>;

/** Updates profile fields of an existing user (`attribute_exists(pk)`: never creates a ghost user). */
export async function updateUser(userId: string, patch: ProfilePatch): Promise<User> {
  const entries = Object.entries(patch).filter(([, v]) => v !== undefined);
  const names: Record<string, string> = { '#updatedAt': 'updatedAt' };
  const values: Record<string, unknown> = { ':now': new Date().toISOString() };
  const sets = ['#updatedAt = :now'];
  for (const [k, v] of entries) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  try {
    const out = await documentClient().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: userKey(userId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)', // userExists
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(out.Attributes) as User;
  } catch (err) {
    if (isConditionalCheckFailed(err)) throw new NotFoundError('user');
    throw err;
  }
}

/**
 * Links a Messenger PSID to a user: the PSID item (unique per PSID, overwritten on re-link) and the
 * profile's `psid`, in one transaction.
 */
export async function linkPsid(userId: string, psid: string): Promise<void> {
  await documentClient().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: { ...psidKey(psid), type: 'userPsid', userId } } },
        {
          Update: {
            TableName: tableName(),
            Key: userKey(userId),
            UpdateExpression: 'SET psid = :psid, updatedAt = :now',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: { ':psid': psid, ':now': new Date().toISOString() },
          },
        },
      ],
    }),
  );
}

export { searchUsers } from './search';
