// Bundled in place of `node:http` / `node:https` for the webhook's worker client in the in-process
// hot path only (build.mjs plugin), never deployed: `request()` answers 202 from memory after the
// body is written, so the signed request is built exactly as deployed and only the socket is
// skipped (the same cut as the SDK stub in lambda-stub.mjs).
import { EventEmitter } from 'node:events';

globalThis.__benchLambdaInvokes ??= 0;

class StubResponse extends EventEmitter {
  statusCode = 202;
  headers = {};
  resume() {}
  setEncoding() {}
}

class StubRequest extends EventEmitter {
  constructor(callback) {
    super();
    this.callback = callback;
  }
  end(body) {
    globalThis.__benchLambdaInvokes += 1;
    this.bytes = body?.length ?? 0;
    queueMicrotask(() => this.callback(new StubResponse()));
    return this;
  }
  destroy(err) {
    if (err) this.emit('error', err);
  }
}

export class Agent {
  constructor(options) {
    this.options = options;
  }
}

export function request(_options, callback) {
  return new StubRequest(callback);
}

export default { Agent, request };
