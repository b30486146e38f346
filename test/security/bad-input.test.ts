import { describeBadInputFuzz } from './support/fuzz-routes';

// Suite 1 (normal run): 200 hostile requests per route, in process. The long run (10,000 per
// route) is bad-input.long.test.ts; a sample over real HTTP is bad-input-http.test.ts.
jest.setTimeout(300_000);

describeBadInputFuzz(200);
