import { bearer, type SignedIn, signIn } from '../../../../test/support/auth';

const api = process.env.USER_API_URL as string;
jest.setTimeout(60_000);

let user: SignedIn;
beforeAll(async () => {
  user = await signIn();
});

async function request(method: string, path: string, body?: unknown) {
  const res = await fetch(`${api}${path}`, {
    method,
    headers: { ...bearer(user), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    // biome-ignore lint/suspicious/noExplicitAny: responses are inspected loosely
    body: (text ? JSON.parse(text) : undefined) as any,
  };
}

describe('the profile over HTTP', () => {
  it('It should change name, zone and locale with PATCH /me and show them on GET /me', async () => {
    // Act
    const patched = await request('PATCH', '/me', {
      name: 'Lan',
      timeZone: 'Asia/Ho_Chi_Minh',
      locale: 'vi-vn',
    });
    const read = await request('GET', '/me');

    // Assert
    expect(patched.status).toBe(200);
    expect(read.body).toMatchObject({ name: 'Lan', timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi-VN' });
  });

  it('It should refuse an empty PATCH /me with a problem naming the body and change nothing', async () => {
    const before = await request('GET', '/me');
    const res = await request('PATCH', '/me', {});
    expect(res.status).toBe(400);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.body.status).toBe(400);
    expect((await request('GET', '/me')).body).toEqual(before.body);
  });
});

describe('query parameters', () => {
  it('It should answer an unknown query parameter with a 400 naming it', async () => {
    const res = await request('GET', '/consultants?service=x');
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'query.service' })]);
  });
});
