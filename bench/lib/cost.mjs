// Dollars per workload from what the run measured: request counts per flow (by construction of
// the architecture: API Gateway → Lambda, async invoke to the worker), Lambda GB-seconds from the
// measured latencies × each function's configured memory, DynamoDB request units read from
// ReturnConsumedCapacity through the proxy, SES mails counted in SES local. Prices: bench/prices.json.

/** Monthly behaviour of one active user, for the per-MAU line (stated in the report). */
export const MAU_PROFILE = {
  inboundMessages: 20,
  signIns: 1,
  refreshes: 8,
  bookings: 1,
  adminReportQueriesPerMonth: 900,
  note: '20 Messenger messages, 1 email-OTP sign-in, 8 token refreshes and 1 booking per active user a month; staff run 30 analytics reports a day (900 a month) whatever the MAU.',
};

/**
 * Billed duration estimate: the fastest latency observed for the call. On this shared machine the
 * median mostly measures waiting for a core; the fastest run is the closest to an uncontended
 * Lambda (still an upper bound: it includes serverless-offline's HTTP overhead).
 */
const p50 = (s) => (s && typeof s.min === 'number' ? s.min : null);

function memoryOf(results, service, fn) {
  return results.functions?.find((r) => r.service === service && r.name === fn)?.memoryMb ?? 512;
}

/** A workload: line items per unit of work, or the reason it cannot be priced. */
function workload(name, unit, items, missing) {
  if (missing) return { name, unit, notMeasured: missing };
  const perUnit = items.reduce((a, i) => a + i.cost, 0);
  return { name, unit, items, dollarsPerUnit: perUnit, dollarsPer1000: perUnit * 1000 };
}

/**
 * The duration to bill for `service/fn`: the lower of two measured upper bounds of one
 * uncontended invocation — the median handler duration serverless-offline reported over the run
 * (inflated when a flow like the 100-claim race queues invocations) and `httpMs`, the fastest
 * latency observed for the call over HTTP (which includes offline's HTTP handling).
 */
function billedMs(results, service, fn, httpMs, { httpIsUpperBound = true } = {}) {
  const d = results.sections.lambdaDurations?.[`${service}/${fn}`]?.p50;
  // Not an upper bound (the worker keeps working after the reply; the authorizer's cold invoke
  // was refused early): use offline's own figure when there is one.
  if (!httpIsUpperBound) return d ?? httpMs ?? null;
  const bounds = [d, httpMs].filter((v) => typeof v === 'number');
  return bounds.length ? Math.min(...bounds) : null;
}

function lambdaItems(P, label, invocations, ms, memoryMb) {
  const gbS = invocations * (ms / 1000) * (memoryMb / 1024);
  return [
    {
      item: `Lambda requests (${label})`,
      qty: invocations,
      cost: (invocations * P.lambda.requestsPerMillion) / 1e6,
    },
    {
      item: `Lambda compute (${label}: ${ms.toFixed(0)} ms × ${memoryMb} MB, arm64)`,
      qty: Number(gbS.toFixed(6)),
      cost: gbS * P.lambda.arm64GbSecond,
    },
  ];
}

function dynamoItems(P, ledger, units, label) {
  if (!ledger || !units) return [];
  const rru = ledger.readUnits / units;
  const wru = ledger.writeUnits / units;
  return [
    {
      item: `DynamoDB reads (${label}: ${(ledger.calls / units).toFixed(1)} calls/unit)`,
      qty: Number(rru.toFixed(2)),
      cost: (rru * P.dynamodbOnDemand.readRequestUnitsPerMillion) / 1e6,
    },
    {
      item: `DynamoDB writes (${label})`,
      qty: Number(wru.toFixed(2)),
      cost: (wru * P.dynamodbOnDemand.writeRequestUnitsPerMillion) / 1e6,
    },
  ];
}

const apiItem = (P, n) => ({
  item: 'API Gateway REST requests',
  qty: n,
  cost: (n * P.apiGatewayRest.requestsPerMillion) / 1e6,
});
const sesItem = (P, n) => ({
  item: 'SES emails',
  qty: Number(n.toFixed(2)),
  cost: (n * P.ses.emailsPerThousand) / 1000,
});

export function costModel(results, P) {
  const S = results.sections;
  const db = S.dynamodb ?? {};
  const workloads = [];

  // Inbound Messenger message: API Gateway → receive (256 MB) → async invoke → worker → Send API.
  const ack = p50(S.webhookAck?.ackMs);
  const reply = p50(S.roundTrip?.users1?.replyMs);
  const msgs = S.roundTrip?.users1?.messages;
  workloads.push(
    workload(
      'inbound Messenger message (text → bot reply)',
      'message',
      ack !== null && reply !== null
        ? [
            apiItem(P, 1),
            ...lambdaItems(
              P,
              'receive',
              1,
              billedMs(results, 'messenger-webhook', 'receive', ack),
              memoryOf(results, 'messenger-webhook', 'receive'),
            ),
            ...lambdaItems(
              P,
              'worker',
              1,
              billedMs(results, 'messenger-webhook', 'worker', reply, { httpIsUpperBound: false }),
              memoryOf(results, 'messenger-webhook', 'worker'),
            ),
            ...dynamoItems(P, db['webhook-1'], msgs, 'worker'),
          ]
        : [],
      ack === null || reply === null ? (S.roundTrip?.notMeasured ?? 'round trip not measured') : null,
    ),
  );

  // Email-OTP sign-in: request + verify (public routes, no authorizer), one email.
  const otp = S.otp;
  const okOtp = otp && !otp.notMeasured && otp.signedIn > 0;
  workloads.push(
    workload(
      'email-OTP sign-in (request + verify)',
      'sign-in',
      okOtp
        ? [
            apiItem(P, 2),
            ...lambdaItems(
              P,
              'otp-request',
              1,
              billedMs(results, 'auth-otp', 'otpRequest', p50(otp.requestMs)),
              memoryOf(results, 'auth-otp', 'otpRequest'),
            ),
            ...lambdaItems(
              P,
              'otp-verify',
              1,
              billedMs(results, 'auth-otp', 'otpVerify', p50(otp.verifyMs)),
              memoryOf(results, 'auth-otp', 'otpVerify'),
            ),
            ...dynamoItems(P, db.signIn, otp.signedIn, 'request+verify'),
            sesItem(P, otp.emailsSent / Math.max(1, otp.requestsAccepted ?? otp.signedIn)),
          ]
        : [],
      okOtp ? null : (otp?.notMeasured ?? 'no successful sign-in measured'),
    ),
  );
  workloads.push(
    workload(
      'token refresh',
      'refresh',
      okOtp && p50(otp.refreshMs) !== null
        ? [
            apiItem(P, 1),
            ...lambdaItems(
              P,
              'token-refresh',
              1,
              billedMs(results, 'auth-otp', 'tokenRefresh', p50(otp.refreshMs)),
              memoryOf(results, 'auth-otp', 'tokenRefresh'),
            ),
            ...dynamoItems(P, db.refresh, otp.signedIn, 'refresh'),
          ]
        : [],
      okOtp ? null : (otp?.notMeasured ?? 'no refresh measured'),
    ),
  );

  // Booking: availability read + create, one authorizer run (its 30 s cache covers both calls).
  const b = S.booking;
  const okBooking = b && !b.notMeasured && p50(b.bookMs) !== null;
  const authz = S.coldStart?.find((r) => r.service === 'user-api' && r.function === 'authorizer');
  const authzMs = billedMs(results, 'user-api', 'authorizer', p50(authz?.firstInvokeMs), {
    httpIsUpperBound: false,
  });
  workloads.push(
    workload(
      'booking (availability + create, confirmation)',
      'booking',
      okBooking
        ? [
            apiItem(P, 2),
            ...lambdaItems(
              P,
              'availability',
              1,
              billedMs(results, 'user-api', 'availability', p50(b.availabilityMs)),
              memoryOf(results, 'user-api', 'availability'),
            ),
            ...lambdaItems(
              P,
              'appointments-create',
              1,
              billedMs(results, 'user-api', 'appointmentsCreate', p50(b.bookMs)),
              memoryOf(results, 'user-api', 'appointmentsCreate'),
            ),
            ...(authzMs === null
              ? []
              : lambdaItems(P, 'authorizer', 1, authzMs, memoryOf(results, 'user-api', 'authorizer'))),
            ...dynamoItems(P, db.booking, b.sequentialBookings, 'availability+create+authorizer'),
            sesItem(
              P,
              (b.emailsSent ?? 0) /
                Math.max(1, (b.sequentialStatuses?.[201] ?? 0) + (b.race?.statuses?.[201] ?? 0)),
            ),
          ]
        : [],
      okBooking ? null : (b?.notMeasured ?? 'no booking measured'),
    ),
  );

  const by = Object.fromEntries(workloads.map((w) => [w.unit, w]));
  const mau = 10000;
  const athenaQuery = (P.athena.minimumMbPerQuery / 1e6) * P.athena.perTbScanned; // 10 MB minimum each
  let mauModel;
  const parts = ['message', 'sign-in', 'refresh', 'booking'];
  const missing = parts.filter((u) => by[u]?.notMeasured);
  if (missing.length) mauModel = { notMeasured: `missing workloads: ${missing.join(', ')}` };
  else {
    const lines = [
      {
        item: 'inbound messages',
        qty: mau * MAU_PROFILE.inboundMessages,
        cost: mau * MAU_PROFILE.inboundMessages * by.message.dollarsPerUnit,
      },
      {
        item: 'sign-ins',
        qty: mau * MAU_PROFILE.signIns,
        cost: mau * MAU_PROFILE.signIns * by['sign-in'].dollarsPerUnit,
      },
      {
        item: 'token refreshes',
        qty: mau * MAU_PROFILE.refreshes,
        cost: mau * MAU_PROFILE.refreshes * by.refresh.dollarsPerUnit,
      },
      {
        item: 'bookings',
        qty: mau * MAU_PROFILE.bookings,
        cost: mau * MAU_PROFILE.bookings * by.booking.dollarsPerUnit,
      },
      {
        item: 'Athena report queries (10 MB minimum each; the lake of 10,000 MAU stays under it)',
        qty: MAU_PROFILE.adminReportQueriesPerMonth,
        cost: MAU_PROFILE.adminReportQueriesPerMonth * athenaQuery,
      },
    ];
    const authCost =
      mau *
      (MAU_PROFILE.signIns * by['sign-in'].dollarsPerUnit +
        MAU_PROFILE.refreshes * by.refresh.dollarsPerUnit);
    mauModel = {
      mau,
      profile: MAU_PROFILE,
      lines,
      dollarsPerMonth: lines.reduce((a, l) => a + l.cost, 0),
      authDollarsPerMonth: authCost,
      cognito: {
        essentialsListDollars: mau * P.cognito.essentialsMau,
        liteListDollars: mau * P.cognito.liteMau,
        essentialsWithFreeTierDollars: Math.max(0, mau - P.cognito.freeMau) * P.cognito.essentialsMau,
        sesForCodesDollars: (mau * MAU_PROFILE.signIns * P.ses.emailsPerThousand) / 1000,
      },
    };
  }
  return { prices: { region: P.region, asOf: P.asOf, source: P.source }, workloads, mau: mauModel };
}
