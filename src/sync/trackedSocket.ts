/**
 * A WebSocket subclass (handed to y-websocket as `WebSocketPolyfill`) that tells the per-change sync
 * when a connection opens and closes, so ACK/REJECT sequence numbers are counted per connection
 * (docs/protocol.md "Sequence numbers"). Only ChangeSync sends update-bearing frames.
 */
import { isUpdateBearing, SYNC_STEP2 } from '../protocol/messages'

export type FrameKind = 'step2' | 'update'

export interface ConnectionListener {
  connectionOpened(): number
  connectionClosed(conn: number): void
}

/** 'step2' | 'update' for update-bearing client frames, otherwise null. */
export function classifyFrame(frame: Uint8Array): FrameKind | null {
  if (!isUpdateBearing(frame)) return null
  // Message type 0 and sync sub-types 1/2 are single-byte varUints.
  return frame[1] === SYNC_STEP2 ? 'step2' : 'update'
}

export function createTrackedWebSocket(
  listener: ConnectionListener,
  Base: typeof WebSocket = WebSocket,
): typeof WebSocket {
  class TrackedWebSocket extends Base {
    private conn: number | null = null

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      // Registered before y-websocket assigns onopen, so the id exists before its step1 goes out.
      this.addEventListener('open', () => {
        this.conn = listener.connectionOpened()
      })
      this.addEventListener('close', () => this.reportClosed())
    }

    override close(code?: number, reason?: string): void {
      // y-websocket detaches its handlers before closing; report now rather than on the late event.
      this.reportClosed()
      super.close(code, reason)
    }

    /** The connection id (null until open). */
    get connectionId(): number | null {
      return this.conn
    }

    private reportClosed(): void {
      if (this.conn !== null) listener.connectionClosed(this.conn)
      this.conn = null
    }
  }
  return TrackedWebSocket
}
