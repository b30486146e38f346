// Writes the OpenAPI documents of the APIs the app calls, straight from their route tables (the
// same function serves `GET /openapi.json`), for gen-api.mjs. Run through scripts/run-ts.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openApiDocument } from '@bookingbot/common/routes';
import { routeTable as adminApi } from '../../../services/admin-api/src/routes';
import { routeTable as authOtp } from '../../../services/auth-otp/src/routes';
import { routeTable as userApi } from '../../../services/user-api/src/routes';

export function main([outDir = 'apps/web/openapi']: string[] = []) {
  mkdirSync(outDir, { recursive: true });
  // Server URLs are the paths the app reaches them under (the edge / local web server layout).
  const docs = {
    'auth-otp': [authOtp, '/'],
    'user-api': [userApi, '/api'],
    'admin-api': [adminApi, '/'],
  } as const;
  for (const [name, [table, server]] of Object.entries(docs))
    writeFileSync(
      path.join(outDir, `${name}.json`),
      `${JSON.stringify(openApiDocument(table, server), null, 2)}\n`,
    );
}
