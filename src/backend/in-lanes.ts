/**
 * Runs `work` over `items` with at most `lanes` at once, in order of start: how an outbox worker
 * sends to its claimed players side by side without opening a connection per player. `work`
 * handles its own errors (an outbox logs them and lets the lease expire); one that throws
 * anyway stops its lane and rejects the whole run.
 */
export async function inLanes<T>(items: readonly T[], lanes: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(lanes, items.length) }, lane));
}
