// Child process, one per measurement: a cold start as Lambda sees it after the runtime is up.
// Times (wall and CPU) the load of the function's bundle — `import()` of an ES module (`.mjs`, what
// Lambda's runtime does), `require()` of a CommonJS one — (module init: top-level config, clients)
// and its first invocation against the local endpoints in the environment. Prints one JSON line.
// Usage: node coldstart.mjs <bundle.js> <export> <trigger> <httpMethod> <httpPath>
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [bundle, exportName, trigger, method = 'GET', httpPath = '/'] = process.argv.slice(2);
const require = createRequire(import.meta.url);

function eventFor() {
  if (trigger === 'http') {
    const resource = `/${httpPath.replace(/^\//, '')}`;
    return {
      resource,
      path: resource.replace(/\{[^}]+\}/g, 'bench'),
      httpMethod: method.toUpperCase(),
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'bench' },
      queryStringParameters: null,
      pathParameters: Object.fromEntries([...resource.matchAll(/\{([^}]+)\}/g)].map((m) => [m[1], 'bench'])),
      requestContext: {
        requestId: 'cold',
        resourcePath: resource,
        httpMethod: method,
        identity: { sourceIp: '127.0.0.1' },
        authorizer: { principalId: 'bench-user', userId: 'bench-user', role: 'user', sessionId: 'bench' },
      },
      body: method.toUpperCase() === 'GET' ? null : '{}',
      isBase64Encoded: false,
    };
  }
  if (trigger === 'authorizer')
    return {
      type: 'TOKEN',
      authorizationToken: 'Bearer not-a-jwt',
      methodArn: 'arn:aws:execute-api:us-east-1:1:a/b/GET/me',
    };
  if (trigger === 'stream') return { Records: [] };
  if (trigger === 'schedule') return { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
  return { body: { object: 'page', entry: [] }, receivedAt: Date.now() };
}

const context = {
  functionName: 'bench',
  awsRequestId: 'cold',
  getRemainingTimeInMillis: () => 10000,
  callbackWaitsForEmptyEventLoop: false,
};

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let mod;
try {
  mod = bundle.endsWith('.mjs')
    ? await import(pathToFileURL(path.resolve(bundle)).href)
    : require(path.resolve(bundle));
} catch (err) {
  process.stdout.write(
    `\n${JSON.stringify({ error: `init failed: ${String(err.message).slice(0, 200)}` })}\n`,
  );
  process.exit(0);
}
const initMs = performance.now() - t0;
const initCpu = process.cpuUsage(cpu0);
const cpu1 = process.cpuUsage();
const t1 = performance.now();
let outcome;
try {
  const r = await mod[exportName](eventFor(), context);
  outcome = r?.statusCode ? `HTTP ${r.statusCode}` : r?.policyDocument ? 'policy' : 'ok';
} catch (err) {
  outcome = `threw ${err?.name ?? 'Error'}: ${String(err?.message ?? err).slice(0, 80)}`;
}
const firstInvokeMs = performance.now() - t1;
const invokeCpu = process.cpuUsage(cpu1);
// CPU time too: on a shared, loaded machine wall time mostly measures the wait for a core.
const initCpuMs = (initCpu.user + initCpu.system) / 1000;
const firstInvokeCpuMs = (invokeCpu.user + invokeCpu.system) / 1000;
process.stdout.write(
  `\n${JSON.stringify({ initMs, initCpuMs, firstInvokeMs, firstInvokeCpuMs, outcome })}\n`,
);
process.exit(0);
