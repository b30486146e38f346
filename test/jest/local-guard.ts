import { assertLocalEndpoints } from '@bookingbot/common/testing';

// Integration and e2e tests must never reach a real AWS account or the real Graph API.
assertLocalEndpoints();
