// `… | node scripts/json.mjs <path>`: prints one member of the JSON on stdin, so the docs'
// walk-throughs need nothing beyond Node (no jq). A path is dot-separated: `accessToken`,
// `items.0.appointmentId`, `slots.0.start`. Strings print raw, anything else as JSON; a missing
// member is an error naming the path and showing the input (an API error's problem+json).
import { readFileSync } from 'node:fs';

const path = process.argv[2];
if (!path || path === '--help') {
  console.error('usage: <json on stdin> | node scripts/json.mjs <dot.path>');
  process.exit(path ? 0 : 2);
}
const input = readFileSync(0, 'utf8');
let value;
try {
  value = JSON.parse(input);
} catch {
  console.error(`✖ stdin is not JSON: ${input.slice(0, 300)}`);
  process.exit(1);
}
for (const key of path.split('.')) {
  if (value === null || typeof value !== 'object' || !(key in value)) {
    console.error(`✖ no "${path}" in: ${input.slice(0, 300)}`);
    process.exit(1);
  }
  value = value[key];
}
console.log(typeof value === 'string' ? value : JSON.stringify(value));
