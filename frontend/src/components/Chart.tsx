// One ECharts chart on a div: made on mount with the SVG renderer, given each new option,
// resized with the window (and its box), disposed on unmount; clicks on items go to onClick.
// Only the chart kinds and components the dashboard uses are registered.

import { useEffect, useRef } from "react";
import { init, use, type ECElementEvent, type ECharts } from "echarts/core";
import { BarChart, FunnelChart, HeatmapChart, LineChart, PieChart, ScatterChart, TreemapChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
import type { ChartOption } from "../charts";

use([
  BarChart,
  FunnelChart,
  HeatmapChart,
  LineChart,
  PieChart,
  ScatterChart,
  TreemapChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  SVGRenderer,
]);

export function Chart({ option, onClick }: { option: ChartOption; onClick?: (event: ECElementEvent) => void }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts>(undefined);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const instance = init(box.current!, undefined, { renderer: "svg" });
    chart.current = instance;
    instance.on("click", (event) => click.current?.(event as ECElementEvent));
    const resize = () => instance.resize();
    window.addEventListener("resize", resize);
    const observer = typeof ResizeObserver === "undefined" ? undefined : new ResizeObserver(resize);
    observer?.observe(box.current!);
    return () => {
      window.removeEventListener("resize", resize);
      observer?.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);

  useEffect(() => {
    // The whole option each time: a series gone from the data goes from the chart too.
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return <div ref={box} className="chart" />;
}
