// Jest globalSetup: the contract samples of an earlier run in the same log folder are removed, so
// test/contract/check.mjs judges this run's traffic only.
import { rmSync } from 'node:fs';
import path from 'node:path';

export default function resetContractSamples() {
  if (process.env.TEST_LOG_DIR)
    rmSync(path.join(process.env.TEST_LOG_DIR, 'contract'), { recursive: true, force: true });
}
