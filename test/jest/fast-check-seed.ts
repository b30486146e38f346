import fc from 'fast-check';

// Property tests in the normal run replay one fixed seed: CI is reproducible and a red run names
// an input anyone can replay. `npm run test:long` (LONG=1) explores a fresh random seed each run;
// FC_SEED replays any seed a failing run printed.
const seed = process.env.FC_SEED
  ? Number(process.env.FC_SEED)
  : process.env.LONG === '1'
    ? undefined
    : 20261122;
if (seed !== undefined) fc.configureGlobal({ seed });
