// Analytics: the eight named reports over a date range, each started on admin-api (Athena when
// deployed, DuckDB locally) and polled; its state (queued/running/done, from cache or a new run) is
// shown while it runs. Each result is a chart (lazy-loaded uPlot) and the same numbers as a table.
import { lazy, Suspense } from 'preact/compat';
import { useState } from 'preact/hooks';
import { addDays } from '../../shared/format';
import { useLoad } from '../../shared/load';
import { unwrap } from '../../shared/problem';
import { Alert, Button, Field, PageTitle, Status } from '../../shared/ui';
import { adminApi, type QueryState } from '../api';
import { today, useErrorText } from '../common';
import { type ConsoleKey, consoleMessages } from '../messages';
import type { Series } from './chart';

const Chart = lazy(() => import('./chart'));

type Run = { report: string; queryId?: string; cached?: boolean; state?: QueryState; error?: string };
type Row = Record<string, string | number | null>;

/** Category column first, the numeric columns as series (single-row reports: one bar per column). */
function toChart(rows: Row[]): { categories: string[]; series: Series[] } | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const keys = Object.keys(first);
  const numeric = keys.filter((k) =>
    rows.every((r) => typeof r[k] === 'number' || (r[k] !== null && !Number.isNaN(Number(r[k])))),
  );
  const category = keys.find((k) => !numeric.includes(k)) ?? (keys.includes('hour') ? 'hour' : undefined);
  if (rows.length === 1 && !category)
    return { categories: numeric, series: [{ label: '', values: numeric.map((k) => Number(first[k])) }] };
  const cat = category ?? keys[0] ?? '';
  return {
    categories: rows.map((r) => String(r[cat] ?? '')),
    series: numeric
      .filter((k) => k !== cat)
      .map((k) => ({ label: k, values: rows.map((r) => Number(r[k] ?? 0)) })),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ReportResult(props: { run: Run; description: string }) {
  const t = consoleMessages.useT();
  const { run } = props;
  const rows = (run.state?.rows ?? []) as Row[];
  const chart = run.state?.status === 'SUCCEEDED' ? toChart(rows) : undefined;
  const columns = Object.keys(rows[0] ?? {});
  return (
    <section
      class="card"
      aria-labelledby={`r-${run.report}`}
      aria-busy={run.state?.status === 'RUNNING' || !run.state ? true : undefined}
    >
      <h2 id={`r-${run.report}`}>{run.report}</h2>
      <p class="hint">{props.description}</p>
      <p role="status">
        {run.error ? null : t(`state_${run.state?.status ?? 'QUEUED'}` as ConsoleKey)}
        {run.cached !== undefined ? ` · ${run.cached ? t('cached') : t('fresh')}` : ''}
      </p>
      {run.error || run.state?.error ? <Alert>{run.error ?? run.state?.error}</Alert> : null}
      {run.state?.status === 'SUCCEEDED' && rows.length === 0 ? <p>{t('noRows')}</p> : null}
      {chart?.series.length ? (
        <Suspense fallback={<span />}>
          <Chart title={run.report} categories={chart.categories} series={chart.series} />
        </Suspense>
      ) : null}
      {rows.length ? (
        <table class="table">
          <caption class="sr-only">{t('dataTable', { report: run.report })}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {columns.map((c) => (
                  <td key={c}>{r[c] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

export function AnalyticsScreen() {
  const t = consoleMessages.useT();
  const errorText = useErrorText();
  const reports = useLoad(async () => unwrap(await adminApi.GET('/admin/analytics/reports')).items, []);
  const [from, setFrom] = useState(addDays(today(), -29));
  const [to, setTo] = useState(today());
  const [runs, setRuns] = useState<Run[]>([]);

  async function runAll(fresh: boolean) {
    const names = (reports.data ?? []).map((r) => r.name);
    const state: Run[] = names.map((report) => ({ report }));
    setRuns([...state]);
    const update = (i: number, patch: Partial<Run>) => {
      state[i] = { ...(state[i] as Run), ...patch };
      setRuns([...state]);
    };
    await Promise.all(
      names.map(async (report, i) => {
        try {
          const started = unwrap(
            await adminApi.POST('/admin/analytics/queries', {
              body: { report, from, to, ...(fresh ? { fresh } : {}) },
            }),
          );
          update(i, { queryId: started.queryId, cached: started.cached });
          for (let attempt = 0; attempt < 120; attempt++) {
            const s = unwrap(
              await adminApi.GET('/admin/analytics/queries/{queryId}', {
                params: { path: { queryId: started.queryId } },
              }),
            );
            update(i, { state: s });
            if (s.status !== 'QUEUED' && s.status !== 'RUNNING') return;
            await sleep(1000);
          }
        } catch (err) {
          update(i, { error: errorText(err) });
        }
      }),
    );
  }

  return (
    <>
      <PageTitle>{t('analytics')}</PageTitle>
      {reports.error ? <Alert>{errorText(reports.error)}</Alert> : null}
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          void runAll(false);
        }}
      >
        <Field
          id="an-from"
          type="date"
          label={t('from')}
          value={from}
          onInput={(e) => e.currentTarget.value && setFrom(e.currentTarget.value)}
        />
        <Field
          id="an-to"
          type="date"
          label={t('to')}
          value={to}
          onInput={(e) => e.currentTarget.value && setTo(e.currentTarget.value)}
        />
        <Button type="submit" disabled={!reports.data}>
          {t('run')}
        </Button>
        <Button variant="secondary" disabled={!reports.data} onClick={() => void runAll(true)}>
          {t('refresh')}
        </Button>
      </form>
      {reports.loading ? <Status>…</Status> : null}
      {runs.map((run) => (
        <ReportResult
          key={run.report}
          run={run}
          description={reports.data?.find((r) => r.name === run.report)?.description ?? ''}
        />
      ))}
    </>
  );
}
