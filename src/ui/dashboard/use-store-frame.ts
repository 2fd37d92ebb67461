import { useEffect, useState } from 'react';
import type { DashboardStore } from './dashboard-store.js';

/**
 * Redraws from the store at most once per `frameMs`, and only when it changed or a second went
 * by (uptimes move): however fast lines arrive, React renders at this pace, and key presses are
 * never queued behind a render per line.
 */
export function useStoreFrame(store: DashboardStore, frameMs: number, now: () => number): number {
  const [frame, setFrame] = useState(() => ({ version: store.version, second: Math.floor(now() / 1000) }));
  useEffect(() => {
    const timer = setInterval(() => {
      const second = Math.floor(now() / 1000);
      setFrame((last) =>
        last.version === store.version && last.second === second ? last : { version: store.version, second },
      );
    }, frameMs);
    return () => clearInterval(timer);
  }, [store, frameMs, now]);
  return frame.version;
}
