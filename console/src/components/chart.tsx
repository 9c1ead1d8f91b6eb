/** A time series chart drawn by uPlot: one line per series, over epoch-second timestamps. */
import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";

export interface Series {
  label: string;
  points: { timestamp: number; value: number }[];
}

const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];

export function Chart({ title, series, unit }: { title: string; series: Series[]; unit?: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const times = [...new Set(series.flatMap((s) => s.points.map((p) => p.timestamp)))].sort((a, b) => a - b);
    const columns = series.map((s) => {
      const byTime = new Map(s.points.map((p) => [p.timestamp, p.value]));
      return times.map((t) => byTime.get(t) ?? null);
    });
    const width = Math.max(280, element.clientWidth);
    const plot = new uPlot(
      {
        title,
        width,
        height: 200,
        series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], width: 2, value: (_: uPlot, v: number | null) => (v === null ? "-" : `${v}${unit ? ` ${unit}` : ""}`) }))],
        axes: [{}, { size: 60 }],
        legend: { live: true },
      },
      [times, ...columns] as uPlot.AlignedData,
      element,
    );
    const resized = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: 200 }));
    resized.observe(element);
    return () => {
      resized.disconnect();
      plot.destroy();
    };
  }, [title, JSON.stringify(series)]);
  return <div class="chart" ref={box} data-chart={title} data-points={series.reduce((n, s) => n + s.points.reduce((m, p) => m + p.value, 0), 0)} />;
}
