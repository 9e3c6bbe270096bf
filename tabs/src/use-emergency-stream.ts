/**
 * The live emergency call list: `GET /api/emergency-calls/stream` (Server-Sent Events) read
 * with fetch, because EventSource cannot send the bearer token. Reconnects on its own; each
 * event is a whole call snapshot, so the latest one per call is the truth.
 */
import { useEffect, useRef, useState } from 'react';
import { EMERGENCY_STREAM_EVENT, type EmergencyCallSnapshotDto } from '../../server/src/contracts/emergency';
import type { ApiClient } from './api';

/** Wait before reconnecting after the stream broke. */
const RECONNECT_MS = 2_000;

export interface EmergencyStream {
  /** Newest first. */
  readonly calls: readonly EmergencyCallSnapshotDto[];
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
      callback.current?.(snapshot, previous);
    };

    const connect = async () => {
      try {
        const token = await api.token();
        const res = await fetch('/api/emergency-calls/stream', {
          headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          signal: controller.signal,
        });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        setLive(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
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

  const sorted = [...calls.values()].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  return { calls: sorted, live };
}

/** A short two-tone beep (Web Audio): no sound file to load, and nothing if audio is blocked. */
export function beep(): void {
  try {
    const AudioCtx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!AudioCtx) return;
    const ctx = new AudioCtx();
    const gain = ctx.createGain();
    gain.gain.value = 0.15;
    gain.connect(ctx.destination);
    [880, 660].forEach((frequency, i) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(ctx.currentTime + i * 0.18);
      osc.stop(ctx.currentTime + i * 0.18 + 0.15);
    });
    setTimeout(() => void ctx.close(), 600);
  } catch (err) {
    console.warn('Samrom: could not play the alert sound', err);
  }
}
