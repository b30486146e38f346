// Types of report.mjs for the type-checked tests (the doctor itself is plain Node ESM).
export interface CheckResult {
  id: string;
  title: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  fix?: string;
  doc?: string;
}
export const GO_LIVE: string;
export const SECTIONS: string[];
export function pass(id: string, title: string, detail: string): CheckResult;
export function skip(id: string, title: string, detail: string): CheckResult;
export function fail(id: string, title: string, detail: string, fix: string, anchor: string): CheckResult;
export function formatText(stage: string, results: CheckResult[]): string;
