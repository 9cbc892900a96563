/**
 * A line that only makes sense while this device is offline ("…联网后自动同步"): shown only then, so
 * nobody online is told their work waits for a connection (issue 17).
 */
import { Show, type JSX } from 'solid-js'
import { statusHub } from '../sync/connectionStatus'
import { useStore } from './bridge'

export function OfflineHint(props: { children: JSX.Element }) {
  const sync = useStore(statusHub.total)
  return (
    <Show when={sync().state === 'offline'}>
      <p class="muted" data-testid="offline-hint">
        {props.children}
      </p>
    </Show>
  )
}
