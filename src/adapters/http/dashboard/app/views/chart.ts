import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import type { DailyFunnel, DailyMetric } from "../../../../../core/reports/report-types";
import { label } from "../format";
import { html } from "../html";

const SERIES: Array<[DailyMetric, string]> = [
  ["sent", "#4f46e5"],
  ["opened", "#0891b2"],
  ["clicked", "#16a34a"],
  ["replied", "#d97706"],
  ["handedOff", "#db2777"],
];
const HEIGHT = 260;

function options(width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    series: [{}, ...SERIES.map(([metric, stroke]) => ({ label: label(metric), stroke, width: 2 }))],
    axes: [{}, { size: 50 }],
    scales: { x: { time: true } },
    legend: { live: false },
  };
}

function data(daily: DailyFunnel[]): uPlot.AlignedData {
  return [
    daily.map((day) => Date.parse(day.date) / 1000),
    ...SERIES.map(([metric]) => daily.map((day) => day[metric])),
  ];
}

/** The funnel's daily counts, one line per metric, as wide as its panel (uPlot draws on a canvas). */
export function DailyChart(props: { daily: DailyFunnel[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(options(element.clientWidth), data(props.daily), element);
    const resize = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [props.daily]);
  const total = (metric: DailyMetric) => props.daily.reduce((sum, day) => sum + day[metric], 0);
  const summary = SERIES.map(([metric]) => `${label(metric)} ${total(metric)}`).join(", ");
  return html`<div class="chart" id="daily-chart" ref=${box} role="img"
    aria-label=${`Daily counts from ${props.daily[0]?.date ?? ""} to ${props.daily.at(-1)?.date ?? ""}: ${summary}`}></div>`;
}
