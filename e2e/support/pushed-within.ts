/**
 * How long a whole-system test waits for something the relay pushes (a bond's end, a glance) before it
 * calls it not pushed. The product aims at well under a second, and each test prints what it saw; but a
 * timed assertion at that aim fails on this 2-core machine whenever both cores are busy (CI saw 1 135 ms).
 * What a test must tell apart is a push from the slow paths (the next publish tick, a reconnect, a
 * backlog read), which take tens of seconds at the product's defaults: 5 s separates the two on any load.
 */
export const PUSHED_WITHIN_MS = 5_000;
