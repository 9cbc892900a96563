/** chart.js, registered with only what the dashboard draws; imported dynamically by DashboardPage. */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js'
import type { Metrics } from '../../domain/grid/metrics'

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Legend,
  Tooltip,
)

export interface ChartLabels {
  reported: string
  closed: string
  sameDay: string
  closeRate: string
  sameDayRate: string
  minutes: string
  steps: string[]
}

export function drawCharts(
  counts: HTMLCanvasElement,
  rates: HTMLCanvasElement,
  steps: HTMLCanvasElement,
  series: Metrics[],
  current: Metrics,
  l: ChartLabels,
): () => void {
  const labels = series.map((m) => m.period.label)
  const common = { responsive: true, maintainAspectRatio: false, animation: false as const }
  const a = new Chart(counts, {
    type: 'bar',
    data: {
      labels,
      datasets: [
        { label: l.reported, data: series.map((m) => m.reported), backgroundColor: '#93c5fd' },
        { label: l.closed, data: series.map((m) => m.closed), backgroundColor: '#0f766e' },
        { label: l.sameDay, data: series.map((m) => m.sameDay), backgroundColor: '#f59e0b' },
      ],
    },
    options: common,
  })
  const b = new Chart(rates, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: l.closeRate,
          data: series.map((m) => (m.closeRate === null ? null : Math.round(m.closeRate * 1000) / 10)),
          borderColor: '#0f766e',
        },
        {
          label: l.sameDayRate,
          data: series.map((m) => (m.sameDayRate === null ? null : Math.round(m.sameDayRate * 1000) / 10)),
          borderColor: '#f59e0b',
        },
      ],
    },
    options: { ...common, scales: { y: { min: 0, max: 100 } } },
  })
  const c = new Chart(steps, {
    type: 'bar',
    data: {
      labels: l.steps,
      datasets: [
        {
          label: l.minutes,
          data: Object.values(current.avgMinutes).map((x) => (x === null ? 0 : Math.round(x))),
          backgroundColor: '#a78bfa',
        },
      ],
    },
    options: common,
  })
  return () => {
    a.destroy()
    b.destroy()
    c.destroy()
  }
}
