// `node scripts/otp-code.mjs <email>`: prints the newest sign-in code that SES local holds for that
// address (http://127.0.0.1:$SES_PORT/store, default port 8005), waiting up to 10 s for the mail.
// The docs' walk-throughs use it so they run as pasted; tests and the smoke test import otpCode().
import { pathToFileURL } from 'node:url';

/** The newest 6-digit code mailed to `email` (subject or text), polling SES local's store. */
export async function otpCode(email, { sesUrl = defaultSesUrl(), timeoutMs = 10_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  const wanted = email.toLowerCase();
  for (;;) {
    const res = await fetch(`${sesUrl}/store`);
    if (!res.ok) throw new Error(`SES local answered ${res.status} at ${sesUrl}/store`);
    const { emails = [] } = await res.json();
    const mine = emails.filter((m) =>
      [m.destination?.to ?? []].flat().some((to) => String(to).toLowerCase().includes(wanted)),
    );
    for (const mail of mine.reverse()) {
      const match = /\b(\d{6})\b/.exec(`${mail.subject ?? ''}\n${mail.text ?? ''}`);
      if (match) return match[1];
    }
    if (Date.now() > deadline) throw new Error(`no sign-in code for ${email} in SES local (${sesUrl})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function defaultSesUrl() {
  return process.env.SES_ENDPOINT ?? `http://127.0.0.1:${process.env.SES_PORT ?? 8005}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const email = process.argv[2];
  if (!email || email === '--help') {
    console.error('usage: node scripts/otp-code.mjs <email>   (reads SES local on $SES_PORT, default 8005)');
    process.exit(email ? 0 : 2);
  }
  otpCode(email).then(
    (code) => console.log(code),
    (err) => {
      console.error(`✖ ${err.message}`);
      process.exit(1);
    },
  );
}
