// Publishes the built web app (apps/web/dist) to the edge stack of a stage: uploads every file to
// the app bucket with its cache policy, then invalidates the areas' HTML at CloudFront.
// Called by scripts/deploy.mjs after `serverless deploy` of the edge service (`npm run deploy --
// --service edge --stage <stage>`); runnable alone: `node services/edge/scripts/publish.mjs <stage>`.
//
// Cache policy (docs/console.md#the-edge):
//   assets/…   content-hashed names (Vite) → `public, max-age=31536000, immutable`
//   *.html     the entry of each area      → `no-cache` (revalidated on every load, so a deploy is
//              visible at once while the hashed files it names stay cached)
// Files are uploaded before the HTML that references them, and old assets are kept: a browser
// holding the previous index.html still finds the files it names.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST_DIR = path.join(ROOT, 'apps/web/dist');
/** The edge stack is pinned to us-east-1 (services/edge/serverless.yml). */
const REGION = 'us-east-1';
export const INVALIDATION_PATHS = ['/book', '/book/*', '/console', '/console/*'];

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The Cache-Control of an object key (`book/index.html`, `assets/index-3f2a.js`). */
export function cacheControl(key) {
  if (key.endsWith('.html')) return 'no-cache';
  if (key.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  // Anything else keeps its name across builds: short, revalidated.
  return 'public, max-age=300, must-revalidate';
}

/** Every file under dir as `{ key, file }`, HTML last (uploaded after what it references). */
export function filesToUpload(dir = DIST_DIR) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push({ key: path.relative(dir, full).split(path.sep).join('/'), file: full });
    }
  };
  walk(dir);
  const html = (f) => (f.key.endsWith('.html') ? 1 : 0);
  return out.sort((a, b) => html(a) - html(b) || a.key.localeCompare(b.key));
}

async function stackOutputs(stage) {
  const cfn = new CloudFormationClient({ region: REGION });
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName: `bookingbot-edge-${stage}` }));
  return Object.fromEntries((Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey, o.OutputValue]));
}

export async function publish(stage, { distDir = DIST_DIR, log = console.log } = {}) {
  const outputs = await stackOutputs(stage);
  const bucket = outputs.AppBucketName;
  const distributionId = outputs.DistributionId;
  if (!bucket || !distributionId)
    throw new Error(
      `bookingbot-edge-${stage} has no AppBucketName/DistributionId output: deploy the edge first`,
    );
  const files = filesToUpload(distDir);
  if (!files.some((f) => f.key === 'book/index.html'))
    throw new Error(
      `${distDir} has no book/index.html: build the app first (pnpm --filter @bookingbot/web build)`,
    );

  const s3 = new S3Client({ region: REGION });
  for (const { key, file } of files) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: readFileSync(file),
        ContentType: TYPES[path.extname(key)] ?? 'application/octet-stream',
        CacheControl: cacheControl(key),
      }),
    );
  }
  const bytes = files.reduce((n, f) => n + statSync(f.file).size, 0);
  log(`• uploaded ${files.length} files (${Math.round(bytes / 1024)} KB) to s3://${bucket}`);

  const cloudfront = new CloudFrontClient({ region: REGION });
  const { Invalidation } = await cloudfront.send(
    new CreateInvalidationCommand({
      DistributionId: distributionId,
      InvalidationBatch: {
        CallerReference: `deploy-${Date.now()}`,
        Paths: { Quantity: INVALIDATION_PATHS.length, Items: INVALIDATION_PATHS },
      },
    }),
  );
  log(`• invalidation ${Invalidation?.Id} of ${INVALIDATION_PATHS.join(' ')} on ${distributionId}`);
  log(`✔ ${outputs.SiteUrl}/book/ and ${outputs.SiteUrl}/console/`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const stage = process.argv[2];
  if (!stage) {
    console.error('usage: node services/edge/scripts/publish.mjs <stage>');
    process.exit(2);
  }
  publish(stage).catch((err) => {
    console.error(`✖ ${err.message}`);
    process.exit(1);
  });
}
