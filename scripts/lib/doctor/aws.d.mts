// Types of aws.mjs for the type-checked tests.
export const SERVICES: string[];
export function ssmParameters(stage: string): { name: string; secure: boolean }[];
export function placeholderReason(name: string, value: string, secure: boolean): string | undefined;
export function address(from: string): string;
export interface AwsClientsLike {
  [name: string]: { send(command: unknown): Promise<unknown> };
}
export function deployedChecks(opts: {
  stage: string;
  region?: string;
  sendTest: boolean;
  env?: Record<string, string | undefined>;
  clients?: AwsClientsLike;
}): Promise<import('./report.mjs').CheckResult[]>;
