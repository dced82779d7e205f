// Apache ECharts, only the parts the ledger uses (keeps the bundle small).
// Charts live until the next view is drawn; disposeCharts() frees them.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const live = new Set();
const resizeAll = () => live.forEach((chart) => chart.resize());
window.addEventListener('resize', resizeAll);

export function drawChart(element, option) {
  const chart = echarts.init(element);
  chart.setOption({ animation: false, tooltip: { trigger: 'axis' }, ...option });
  live.add(chart);
  return chart;
}

export function disposeCharts() {
  live.forEach((chart) => chart.dispose());
  live.clear();
}
