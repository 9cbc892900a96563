/** chart.js for the org dashboards (loaded only when one is shown): by child node and per period. */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip)

export interface Bars {
  labels: string[]
  reported: number[]
  closed: number[]
}

const options = { responsive: true, maintainAspectRatio: false, animation: false as const }

/** Reported vs closed bars; horizontal for child nodes (long names read better down the side). */
export function drawBars(
  canvas: HTMLCanvasElement,
  bars: Bars,
  l: { reported: string; closed: string },
  horizontal: boolean,
): () => void {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: bars.labels,
      datasets: [
        { label: l.reported, data: bars.reported, backgroundColor: '#93c5fd' },
        { label: l.closed, data: bars.closed, backgroundColor: '#0f766e' },
      ],
    },
    options: { ...options, indexAxis: horizontal ? 'y' : 'x' },
  })
  return () => chart.destroy()
}
