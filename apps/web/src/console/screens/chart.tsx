// The chart of one report, drawn by uPlot (about 20 KB gzipped): loaded on first use only, so the
// console's first load does not carry it (npm run bench: JS per route). The numbers are also in a
// table next to it, so nothing is only visible as a picture.
import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: number[];
}

/** Bars over categories (days, services, hours): x is the category's index, labels on the axis. */
export default function Chart(props: { title: string; categories: string[]; series: Series[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const colors = ['#0b57d0', '#b3261e', '#146c2e', '#8a4b00'];
    const bars = uPlot.paths.bars?.({ size: [0.6 / Math.max(1, props.series.length), 60] });
    const plot = new uPlot(
      {
        width: Math.min(720, el.clientWidth || 640),
        height: 240,
        title: props.title,
        scales: { x: { time: false } },
        axes: [
          {
            values: (_u, ticks) => ticks.map((i) => props.categories[i] ?? ''),
            splits: () => props.categories.map((_, i) => i),
          },
          {},
        ],
        series: [
          {},
          ...props.series.map((s, i) => ({
            label: s.label,
            stroke: colors[i % colors.length],
            fill: `${colors[i % colors.length]}88`,
            ...(bars ? { paths: bars } : {}),
            points: { show: false },
          })),
        ],
      },
      [props.categories.map((_, i) => i), ...props.series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [props.title, props.categories, props.series]);
  return <div ref={ref} class="chart" aria-hidden="true" />;
}
