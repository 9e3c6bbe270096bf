/**
 * The live emergency call list: `GET /api/emergency-calls/stream` (Server-Sent Events) read
 * with fetch, because EventSource cannot send the bearer token. Reconnects on its own; each
 * `call` event is a whole call snapshot, so the latest one per call is the truth, and each
 * `order` event is the server's order of the open calls: the console shows that order and never
 * sorts on its own (the rule lives in one place, the server's core).
 */
import { useEffect, useRef, useState } from 'react';
import { EMERGENCY_ORDER_EVENT, EMERGENCY_STREAM_EVENT, type EmergencyCallSnapshotDto, type EmergencyOrderDto } from '../../server/src/contracts/emergency';
import { emergencyApi } from './api/emergency';
import type { ApiClient } from './api/http';

/** Wait before reconnecting after the stream broke. */
const RECONNECT_MS = 2_000;

export interface EmergencyStream {
  /** The open calls in the server's order, most urgent first; a call the order has not reached yet goes first. */
  readonly calls: readonly EmergencyCallSnapshotDto[];
  /** Every call heard of since the page opened, ended ones included. */
  readonly byId: ReadonlyMap<string, EmergencyCallSnapshotDto>;
  /** Calls that ended while the page was open, the latest first. */
  readonly ended: readonly EmergencyCallSnapshotDto[];
  /** The server's clock minus this browser's, for waiting times. */
  readonly clockOffsetMs: number;
  /** False while (re)connecting. */
  readonly live: boolean;
}

export function useEmergencyStream(
  api: ApiClient,
  /** Only AMK and legevakt may listen; others would get 403 over and over. */
  enabled: boolean,
  onSnapshot?: (snapshot: EmergencyCallSnapshotDto, previous: EmergencyCallSnapshotDto | undefined) => void,
): EmergencyStream {
  const [calls, setCalls] = useState<ReadonlyMap<string, EmergencyCallSnapshotDto>>(new Map());
  /** The server's last order, and the calls heard of since (it is authoritative for everything before it). */
  const [order, setOrder] = useState<{ readonly ids: readonly string[]; readonly after: ReadonlySet<string> }>({ ids: [], after: new Set() });
  const [clockOffsetMs, setClockOffsetMs] = useState(0);
  const [live, setLive] = useState(false);
  const known = useRef(new Map<string, EmergencyCallSnapshotDto>());
  const callback = useRef(onSnapshot);
  callback.current = onSnapshot;

  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;

    const apply = (snapshot: EmergencyCallSnapshotDto) => {
      const previous = known.current.get(snapshot.id);
      known.current.set(snapshot.id, snapshot);
      setCalls(new Map(known.current));
      setOrder((o) => ({ ids: o.ids, after: new Set(o.after).add(snapshot.id) }));
      callback.current?.(snapshot, previous);
    };

    const connect = async () => {
      try {
        const body = await emergencyApi(api).stream(controller.signal);
        setLive(true);
        const reader = body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: ?(.*)$/m.exec(block)?.[1];
            const data = block
              .split('\n')
              .filter((line) => line.startsWith('data:'))
              .map((line) => line.slice(5).trimStart())
              .join('\n');
            if (event === EMERGENCY_STREAM_EVENT && data) apply(JSON.parse(data) as EmergencyCallSnapshotDto);
            if (event === EMERGENCY_ORDER_EVENT && data) {
              const received = JSON.parse(data) as EmergencyOrderDto;
              setOrder({ ids: received.ids, after: new Set() });
              setClockOffsetMs(Date.parse(received.at) - Date.now());
            }
          }
        }
      } catch (err) {
        if (controller.signal.aborted) return;
        console.warn('Samrom: emergency stream broke; reconnecting', err);
      }
      if (controller.signal.aborted) return;
      setLive(false);
      timer = setTimeout(() => void connect(), RECONNECT_MS);
    };
    void connect();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, enabled]);

  const ordered = order.ids.flatMap((id) => {
    const call = calls.get(id);
    return call && call.status !== 'ended' ? [call] : [];
  });
  // A new call shows at once, on top, until the order that follows its snapshot places it. An open
  // call the last order left out ended (or left the window) while the stream was away: not shown.
  const notYetOrdered = [...order.after].flatMap((id) => {
    const call = calls.get(id);
    return call && call.status !== 'ended' && !order.ids.includes(id) ? [call] : [];
  });
  const ended = [...calls.values()].filter((c) => c.status === 'ended').sort((a, b) => (b.endedAt ?? '').localeCompare(a.endedAt ?? ''));
  return { calls: [...notYetOrdered, ...ordered], byId: calls, ended, clockOffsetMs, live };
}
