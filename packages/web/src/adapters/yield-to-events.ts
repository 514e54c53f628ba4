/**
 * The page's `yieldToEvents` for @entwine/client (a trail seal pauses on it between its long steps): a message
 * to itself, which runs after the tasks already waiting. Not a zero timeout: a hidden tab's timers are
 * throttled to one a second or rarer, which would stretch a seal over minutes; its messages are not.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
