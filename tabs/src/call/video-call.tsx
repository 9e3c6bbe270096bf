/**
 * The call itself, with livekit-client and plain elements (no UI kit, so the guest page stays
 * small): connects with a join token, publishes microphone and (unless audio only) camera,
 * shows everyone as a tile with their `Name (rolle)`, and says plainly when the video server
 * cannot be reached, the connection drops, or the network is too poor for video.
 */
import { ConnectionQuality, type Participant, Room, RoomEvent, Track } from 'livekit-client';
import { useEffect, useRef, useState } from 'react';
import type { CallTexts } from './call-texts';
import './call.css';

/** Give up connecting after this long and say the video server cannot be reached. */
export const CONNECT_TIMEOUT_MS = 15_000;

export type CallFailure = 'unreachable' | 'disconnected';

export interface VideoCallProps {
  readonly serverUrl: string;
  readonly token: string;
  readonly audioOnly: boolean;
  readonly texts: CallTexts;
  readonly devices?: { readonly audioDeviceId?: string; readonly videoDeviceId?: string };
  readonly onLeave: () => void;
  readonly onFailure: (failure: CallFailure) => void;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

export function VideoCall(props: VideoCallProps) {
  const { serverUrl, token, audioOnly, texts, onFailure } = props;
  const [room] = useState(
    () =>
      new Room({
        adaptiveStream: true,
        dynacast: true,
        audioCaptureDefaults: props.devices?.audioDeviceId ? { deviceId: props.devices.audioDeviceId } : undefined,
        videoCaptureDefaults: props.devices?.videoDeviceId ? { deviceId: props.devices.videoDeviceId } : undefined,
      }),
  );
  const [connected, setConnected] = useState(false);
  const [, setVersion] = useState(0);
  const [poorNetwork, setPoorNetwork] = useState(false);
  // Starts as chosen; a poor network may turn the camera off during the call without reconnecting.
  const [cameraOff, setCameraOff] = useState(audioOnly);
  const failureRef = useRef(onFailure);
  failureRef.current = onFailure;
  const audioOnlyRef = useRef(audioOnly);

  useEffect(() => {
    let active = true;
    const refresh = () => setVersion((v) => v + 1);
    for (const event of [
      RoomEvent.ParticipantConnected,
      RoomEvent.ParticipantDisconnected,
      RoomEvent.TrackSubscribed,
      RoomEvent.TrackUnsubscribed,
      RoomEvent.LocalTrackPublished,
      RoomEvent.LocalTrackUnpublished,
      RoomEvent.TrackMuted,
      RoomEvent.TrackUnmuted,
    ]) {
      room.on(event, refresh);
    }
    room.on(RoomEvent.ConnectionQualityChanged, (quality: ConnectionQuality, participant: Participant) => {
      if (participant.isLocal) setPoorNetwork(quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost);
    });
    room.on(RoomEvent.Disconnected, () => {
      if (active) failureRef.current('disconnected');
    });
    void (async () => {
      try {
        await withTimeout(room.connect(serverUrl, token), CONNECT_TIMEOUT_MS);
      } catch {
        if (active) failureRef.current('unreachable');
        return;
      }
      if (!active) return;
      setConnected(true);
      // A missing or blocked device must not end the call: the others can still be seen and heard.
      await room.localParticipant.setMicrophoneEnabled(true).catch(() => undefined);
      if (!audioOnlyRef.current) await room.localParticipant.setCameraEnabled(true).catch(() => undefined);
      refresh();
    })();
    return () => {
      active = false;
      room.removeAllListeners();
      void room.disconnect();
    };
  }, [room, serverUrl, token]);

  const switchToAudio = () => {
    setCameraOff(true);
    void room.localParticipant.setCameraEnabled(false).catch(() => undefined);
  };

  if (!connected) {
    return (
      <p className="call-status" role="status">
        {texts.connecting}
      </p>
    );
  }

  const everyone: Participant[] = [room.localParticipant, ...room.remoteParticipants.values()];
  return (
    <section className="call" aria-label={texts.inCall}>
      <p className="call-status" role="status">
        {texts.inCall}
        {room.remoteParticipants.size === 0 ? ` ${texts.alone}` : ''}
      </p>
      {poorNetwork && !cameraOff && (
        <div className="notice" role="alert">
          <p>{texts.poorNetwork}</p>
          <button type="button" className="secondary" onClick={switchToAudio}>
            {texts.switchToAudio}
          </button>
        </div>
      )}
      <ul className="tiles" aria-label={texts.participants}>
        {everyone.map((p) => (
          <Tile key={p.identity} participant={p} texts={texts} />
        ))}
      </ul>
      <button type="button" className="danger" onClick={props.onLeave}>
        {texts.leave}
      </button>
    </section>
  );
}

function Tile({ participant, texts }: { participant: Participant; texts: CallTexts }) {
  const video = participant.getTrackPublication(Track.Source.Camera);
  const audio = participant.isLocal ? undefined : participant.getTrackPublication(Track.Source.Microphone);
  const name = participant.isLocal ? `${texts.you}${participant.name ? ` – ${participant.name}` : ''}` : participant.name || participant.identity;
  const showVideo = video?.track && !video.isMuted;
  return (
    <li className="tile">
      {showVideo ? <MediaTrack track={video.track!} kind="video" muted={participant.isLocal} /> : <div className="tile-off">{texts.cameraOff}</div>}
      {audio?.track && <MediaTrack track={audio.track} kind="audio" />}
      <span className="tile-name">{name}</span>
    </li>
  );
}

function MediaTrack({ track, kind, muted }: { track: Track; kind: 'video' | 'audio'; muted?: boolean }) {
  const ref = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    track.attach(element);
    return () => void track.detach(element);
  }, [track]);
  return kind === 'video' ? <video ref={ref} autoPlay playsInline muted={muted} aria-hidden="true" /> : <audio ref={ref} autoPlay />;
}
