const services = {
  'auth-otp': process.env.AUTH_URL,
  'user-api': process.env.USER_API_URL,
  'admin-api': process.env.ADMIN_API_URL,
  'messenger-webhook': process.env.WEBHOOK_URL?.replace(/\/webhook$/, ''),
};

describe('the offline stack', () => {
  it.each(Object.entries(services))('It should answer GET /health on %s without auth', async (_name, url) => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });
});
