/**
 * The caller's camera and the call: the rear camera (switchable) and the microphone start only
 * after consent; the page then gets a token and publishes them to AMK's room. When the video
 * server cannot be reached or the network is poor, it says so and points to sending photos.
 */
import { ConnectionQuality, type LocalAudioTrack, type LocalVideoTrack, Room, RoomEvent, createLocalTracks } from 'livekit-client';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Locale } from '../../../server/src/contracts/messages';
import { citizenApi } from '../api/emergency';
import { ApiError } from '../api/http';
import type { VideoTexts } from './i18n-video';

type Facing = 'environment' | 'user';
type CallState = 'starting' | 'connecting' | 'connected' | 'unreachable' | 'denied' | 'no_camera' | 'stopped' | 'ended';

export function CameraCall({ t, locale, onEnded, onTrouble }: { t: VideoTexts; locale: Locale; onEnded: () => void; onTrouble: (trouble: boolean) => void }) {
  const [state, setState] = useState<CallState>('starting');
  const [facing, setFacing] = useState<Facing>('environment');
  const [poor, setPoor] = useState(false);
  const videoRef = useRef<HTMLVideoElement>(null);
  const tracks = useRef<{ video?: LocalVideoTrack; audio?: LocalAudioTrack }>({});
  const room = useRef<Room | undefined>(undefined);

  const stopAll = useCallback(() => {
    void room.current?.disconnect();
    room.current = undefined;
    tracks.current.video?.stop();
    tracks.current.audio?.stop();
    tracks.current = {};
  }, []);

  const start = useCallback(async () => {
    stopAll();
    setState('starting');
    setPoor(false);
    try {
      const local = await createLocalTracks({ audio: true, video: { facingMode: 'environment' } });
      for (const track of local) {
        if (track.kind === 'video') tracks.current.video = track as LocalVideoTrack;
        else tracks.current.audio = track as LocalAudioTrack;
      }
      setFacing('environment');
      if (videoRef.current && tracks.current.video) tracks.current.video.attach(videoRef.current);
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      setState(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : 'no_camera');
      return;
    }
    setState('connecting');
    try {
      const token = await citizenApi.token(locale);
      const next = new Room({ adaptiveStream: true, dynacast: true });
      room.current = next;
      next.on(RoomEvent.Disconnected, () => setState((s) => (s === 'connected' ? 'unreachable' : s)));
      next.on(RoomEvent.ConnectionQualityChanged, (quality, participant) => {
        if (participant.isLocal) setPoor(quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost);
      });
      await next.connect(token.serverUrl, token.token);
      for (const track of [tracks.current.video, tracks.current.audio]) if (track) await next.localParticipant.publishTrack(track);
      setState('connected');
    } catch (err) {
      if (err instanceof ApiError && err.status === 410) {
        stopAll();
        setState('ended');
        onEnded();
        return;
      }
      void room.current?.disconnect();
      room.current = undefined;
      setState('unreachable');
    }
  }, [locale, stopAll, onEnded]);

  useEffect(() => {
    void start();
    return stopAll;
  }, [start, stopAll]);

  useEffect(() => onTrouble(poor || state === 'unreachable' || state === 'denied' || state === 'no_camera'), [poor, state, onTrouble]);

  const switchCamera = async () => {
    const next: Facing = facing === 'environment' ? 'user' : 'environment';
    await tracks.current.video?.restartTrack({ facingMode: next });
    setFacing(next);
  };

  const stop = () => {
    stopAll();
    setState('stopped');
  };

  const live = state === 'connecting' || state === 'connected' || state === 'starting';
  return (
    <section aria-labelledby="video-heading">
      <h2 id="video-heading">{t.video.heading}</h2>
      <div className="preview">
        <video
          ref={videoRef}
          data-testid="preview"
          className={facing === 'environment' ? 'rear' : undefined}
          aria-label={t.video.preview}
          autoPlay
          playsInline
          muted
        />
      </div>
      <p role="status" className="status-line">
        {state === 'starting'
          ? t.video.starting
          : state === 'connecting'
            ? t.video.connecting
            : state === 'connected'
              ? t.video.connected
              : state === 'stopped'
                ? t.video.stopped
                : ''}
      </p>
      {(state === 'unreachable' || state === 'denied' || state === 'no_camera' || poor) && (
        <p role="alert" className="alert">
          {state === 'unreachable' ? t.video.unreachable : state === 'denied' ? t.video.denied : state === 'no_camera' ? t.video.noCamera : t.video.poorNetwork}
        </p>
      )}
      {live && tracks.current.video && (
        <button type="button" className="secondary" onClick={() => void switchCamera()}>
          {t.video.switchCamera}
        </button>
      )}
      {live ? (
        <button type="button" className="danger" onClick={stop}>
          {t.video.stop}
        </button>
      ) : (
        <button type="button" className="primary" onClick={() => void start()}>
          {state === 'stopped' ? t.video.restart : t.video.retry}
        </button>
      )}
    </section>
  );
}
