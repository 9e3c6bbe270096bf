/**
 * The device check before the lobby: a preview of the camera, the microphone switched on,
 * a choice of devices and an audio-only choice, and a plain explanation when the browser was
 * refused access or finds no device.
 */
import { type LocalAudioTrack, type LocalTrack, type LocalVideoTrack, Room, Track, createLocalTracks } from 'livekit-client';
import { useEffect, useId, useRef, useState } from 'react';
import type { JoinTexts } from './i18n-join';

export interface DeviceChoice {
  readonly audioOnly: boolean;
  readonly audioDeviceId?: string;
  readonly videoDeviceId?: string;
}

type Problem = 'denied' | 'notFound' | 'noMicrophone' | 'inUse' | 'unknown';

function problemOf(err: unknown, wantedVideo: boolean): Problem {
  const name = (err as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'PermissionDeniedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return wantedVideo ? 'notFound' : 'noMicrophone';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'inUse';
  return 'unknown';
}

export function DeviceCheck(props: { readonly texts: JoinTexts; readonly onReady: (choice: DeviceChoice) => void }) {
  const t = props.texts.check;
  const [choice, setChoice] = useState<DeviceChoice>({ audioOnly: false });
  const [tracks, setTracks] = useState<LocalTrack[]>([]);
  const [problem, setProblem] = useState<Problem | undefined>();
  const [starting, setStarting] = useState(true);
  const [attempt, setAttempt] = useState(0);
  const [cameras, setCameras] = useState<MediaDeviceInfo[]>([]);
  const [microphones, setMicrophones] = useState<MediaDeviceInfo[]>([]);
  const videoRef = useRef<HTMLVideoElement>(null);
  const ids = { camera: useId(), microphone: useId(), audioOnly: useId(), hint: useId() };

  useEffect(() => {
    let active = true;
    let created: LocalTrack[] = [];
    setStarting(true);
    setProblem(undefined);
    const wantVideo = !choice.audioOnly;
    createLocalTracks({
      audio: choice.audioDeviceId ? { deviceId: choice.audioDeviceId } : true,
      video: wantVideo ? (choice.videoDeviceId ? { deviceId: choice.videoDeviceId } : true) : false,
    })
      .then(async (result) => {
        created = result;
        if (!active) return;
        setTracks(result);
        const [videoInputs, audioInputs] = await Promise.all([Room.getLocalDevices('videoinput', false), Room.getLocalDevices('audioinput', false)]);
        if (!active) return;
        setCameras(videoInputs.filter((d) => d.deviceId));
        setMicrophones(audioInputs.filter((d) => d.deviceId));
      })
      .catch((err: unknown) => {
        if (active) setProblem(problemOf(err, wantVideo));
      })
      .finally(() => {
        if (active) setStarting(false);
      });
    return () => {
      active = false;
      for (const track of created) track.stop();
    };
  }, [choice.audioOnly, choice.audioDeviceId, choice.videoDeviceId, attempt]);

  const video = tracks.find((track): track is LocalVideoTrack => track.kind === Track.Kind.Video);
  const audio = tracks.find((track): track is LocalAudioTrack => track.kind === Track.Kind.Audio);
  useEffect(() => {
    const element = videoRef.current;
    if (!video || !element) return;
    video.attach(element);
    return () => void video.detach(element);
  }, [video]);

  const ready = () => {
    for (const track of tracks) track.stop();
    props.onReady(choice);
  };

  return (
    <section aria-labelledby="check-heading">
      <h2 id="check-heading">{t.heading}</h2>
      <p>{t.intro}</p>
      {!choice.audioOnly && (
        <div className="preview">
          {video ? <video ref={videoRef} autoPlay playsInline muted aria-label={t.preview} data-testid="preview" /> : <div className="preview-empty" />}
        </div>
      )}
      <div role="status" aria-live="polite">
        {starting ? <p>{t.starting}</p> : audio ? <p className="ok">{t.micWorks}</p> : null}
      </div>
      {problem && (
        <div className="notice" role="alert">
          <p>{t[problem]}</p>
          <button type="button" className="secondary" onClick={() => setAttempt((n) => n + 1)}>
            {t.retry}
          </button>
        </div>
      )}
      <div className="field checkbox">
        <input
          id={ids.audioOnly}
          type="checkbox"
          checked={choice.audioOnly}
          aria-describedby={ids.hint}
          onChange={(e) => setChoice({ ...choice, audioOnly: e.target.checked })}
        />
        <label htmlFor={ids.audioOnly}>{t.audioOnly}</label>
      </div>
      <p id={ids.hint} className="hint">
        {t.audioOnlyHint}
      </p>
      {!choice.audioOnly && cameras.length > 1 && (
        <div className="field">
          <label htmlFor={ids.camera}>{t.camera}</label>
          <select
            id={ids.camera}
            value={choice.videoDeviceId ?? video?.mediaStreamTrack.getSettings().deviceId ?? ''}
            onChange={(e) => setChoice({ ...choice, videoDeviceId: e.target.value })}
          >
            {cameras.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t.camera} ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      )}
      {microphones.length > 1 && (
        <div className="field">
          <label htmlFor={ids.microphone}>{t.microphone}</label>
          <select
            id={ids.microphone}
            value={choice.audioDeviceId ?? audio?.mediaStreamTrack.getSettings().deviceId ?? ''}
            onChange={(e) => setChoice({ ...choice, audioDeviceId: e.target.value })}
          >
            {microphones.map((d, i) => (
              <option key={d.deviceId} value={d.deviceId}>
                {d.label || `${t.microphone} ${i + 1}`}
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="button" className="primary" onClick={ready} disabled={starting}>
        {t.ready}
      </button>
    </section>
  );
}
