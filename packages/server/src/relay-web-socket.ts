/**
 * `ws` closes a socket on its own when a frame breaks the protocol — 1009 past `maxPayload` (checked on
 * the frame header, before anything is buffered), 1007 for a text frame that is not UTF-8, 1002 for a
 * bad frame — but without a reason. This subclass adds one naming the catalogue code, so every close
 * the relay causes tells the device what was wrong. Closes the relay makes itself already carry one.
 */
import { WebSocket } from 'ws';

export function relayWebSocketClass(maxFrameBytes: number): typeof WebSocket {
  const reasons: Record<number, string> = {
    1002: 'ENTWINE_ERR_REQ_MALFORMED: not a valid WebSocket frame',
    1007: 'ENTWINE_ERR_REQ_MALFORMED: text frame is not valid UTF-8',
    1009: `ENTWINE_ERR_REQ_TOO_LARGE: frames are at most ${maxFrameBytes} bytes`,
  };
  return class RelayWebSocket extends WebSocket {
    override close(code?: number, data?: string | Buffer): void {
      super.close(code, data ?? (code === undefined ? undefined : reasons[code]));
    }
  };
}
