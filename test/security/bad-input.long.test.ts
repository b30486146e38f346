import { describeBadInputFuzz } from './support/fuzz-routes';

// Suite 1 (long run only, `npm run test:long`): 10,000 hostile requests per route, in process.
jest.setTimeout(3_600_000);

describeBadInputFuzz(10_000);
