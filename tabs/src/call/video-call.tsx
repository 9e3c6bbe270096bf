/**
 * The call itself, built from @livekit/components-react (a kept library instead of our own
 * tiles and track wiring): the room is ours (so we keep the connect timeout and say plainly
 * when the video server cannot be reached), the layout, tiles, chat, participant list and
 * controls are the library's parts with our Norwegian/English texts and Fluent-themed styles.
 * The whole view renders at once, before the connection is up, so the controls are there
 * while it connects. Everyone is shown as `Name (rolle)`, the display name the server gave.
 */
import '@livekit/components-styles';
import {
  CarouselLayout,
  FocusLayoutContainer,
  GridLayout,
  isTrackReference,
  LayoutContextProvider,
  RoomAudioRenderer,
  RoomContext,
  StartAudio,
  type TrackReferenceOrPlaceholder,
  useConnectionState,
  useChat,
  useCreateLayoutContext,
  useRemoteParticipants,
  usePinnedTracks,
  useTracks,
} from '@livekit/components-react';
import { ConnectionQuality, ConnectionState, DisconnectReason, type Participant, Room, RoomEvent, Track } from 'livekit-client';
import { useEffect, useMemo, useRef, useState } from 'react';
import { CallControls, DevicesPanel, type SidePanel } from './call-controls';
import { CallTile, ChatPanel, ParticipantsPanel } from './call-panels';
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
  /** Clinicians may share their screen; guests, callers and crews get the simple controls. @defaultValue false */
  readonly canShareScreen?: boolean;
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

/** The `name` claim of a LiveKit token (the display name the server chose), if it has one. */
function nameInToken(token: string): string | undefined {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = new TextDecoder().decode(Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)));
    const name = (JSON.parse(json) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    // Not a JWT we can read: the name comes from the server once connected.
    return undefined;
  }
}

/** Connects once per token; reports a failed connection, a dropped one and the local network quality. */
function useCallRoom(props: VideoCallProps) {
  const { serverUrl, token, audioOnly } = props;
  const [room] = useState(
    () =>
      new Room({
        adaptiveStream: true,
        dynacast: true,
        audioCaptureDefaults: props.devices?.audioDeviceId ? { deviceId: props.devices.audioDeviceId } : undefined,
        videoCaptureDefaults: props.devices?.videoDeviceId ? { deviceId: props.devices.videoDeviceId } : undefined,
      }),
  );
  // The server sets the name on joining; until then the token's claim shows who you are.
  if (!room.localParticipant.name) room.localParticipant.name = nameInToken(token);
  const [poorNetwork, setPoorNetwork] = useState(false);
  const callbacks = useRef({ onFailure: props.onFailure, onLeave: props.onLeave });
  callbacks.current = { onFailure: props.onFailure, onLeave: props.onLeave };
  const audioOnlyRef = useRef(audioOnly);

  useEffect(() => {
    let active = true;
    room.on(RoomEvent.ConnectionQualityChanged, (quality: ConnectionQuality, participant: Participant) => {
      if (participant.isLocal) setPoorNetwork(quality === ConnectionQuality.Poor || quality === ConnectionQuality.Lost);
    });
    room.on(RoomEvent.Disconnected, (reason?: DisconnectReason) => {
      if (!active) return;
      // «Forlat møtet» disconnects on purpose; anything else is a lost connection.
      if (reason === DisconnectReason.CLIENT_INITIATED) callbacks.current.onLeave();
      else callbacks.current.onFailure('disconnected');
    });
    void (async () => {
      try {
        await withTimeout(room.connect(serverUrl, token), CONNECT_TIMEOUT_MS);
      } catch {
        if (active) callbacks.current.onFailure('unreachable');
        return;
      }
      if (!active) return;
      // A missing or blocked device must not end the call: the others can still be seen and heard.
      await room.localParticipant.setMicrophoneEnabled(true).catch(() => undefined);
      if (!audioOnlyRef.current) await room.localParticipant.setCameraEnabled(true).catch(() => undefined);
    })();
    return () => {
      active = false;
      room.removeAllListeners();
      void room.disconnect();
    };
  }, [room, serverUrl, token]);

  return { room, poorNetwork };
}

export function VideoCall(props: VideoCallProps) {
  const { room, poorNetwork } = useCallRoom(props);
  const layoutContext = useCreateLayoutContext();
  const [panel, setPanel] = useState<SidePanel>('none');
  const [cameraOff, setCameraOff] = useState(props.audioOnly);
  const { texts } = props;
  // One chat for the whole call, so messages that came while the panel was closed are there.
  // The room is given, not taken from context: this component provides the context.
  const chatOptions = useMemo(() => ({ room }), [room]);
  const chat = useChat(chatOptions);

  const switchToAudio = () => {
    setCameraOff(true);
    void room.localParticipant.setCameraEnabled(false).catch(() => undefined);
  };

  return (
    <RoomContext.Provider value={room}>
      <LayoutContextProvider value={layoutContext}>
        <section className="call" data-lk-theme="default" aria-label={texts.inCall}>
          <CallStatus texts={texts} />
          {poorNetwork && !cameraOff && (
            <div className="notice" role="alert">
              <p>{texts.poorNetwork}</p>
              <button type="button" className="secondary" onClick={switchToAudio}>
                {texts.switchToAudio}
              </button>
            </div>
          )}
          <div className="call-body">
            <Stage texts={texts} />
            {panel === 'chat' && <ChatPanel id="call-chat" texts={texts} chat={chat} onClose={() => setPanel('none')} />}
            {panel === 'people' && <ParticipantsPanel id="call-people" texts={texts} onClose={() => setPanel('none')} />}
            {panel === 'devices' && <DevicesPanel id="call-devices" texts={texts} onClose={() => setPanel('none')} />}
          </div>
          <CallControls
            texts={texts}
            panel={panel}
            onPanel={setPanel}
            canShareScreen={props.canShareScreen ?? false}
            audioOnly={props.audioOnly}
            messageCount={chat.chatMessages.length}
          />
          <StartAudio label={texts.startAudio} className="lk-button call-start-audio" />
          <RoomAudioRenderer />
        </section>
      </LayoutContextProvider>
    </RoomContext.Provider>
  );
}

/** Connecting, in the call (alone or not), or reconnecting after a network change. */
function CallStatus({ texts }: { readonly texts: CallTexts }) {
  const state = useConnectionState();
  const others = useRemoteParticipants().length;
  let text: string;
  switch (state) {
    case ConnectionState.Connected:
      text = others === 0 ? `${texts.inCall} ${texts.alone}` : texts.inCall;
      break;
    case ConnectionState.Reconnecting:
    case ConnectionState.SignalReconnecting:
      text = texts.reconnecting;
      break;
    case ConnectionState.Connecting:
    case ConnectionState.Disconnected:
      text = texts.connecting;
      break;
    default:
      text = state satisfies never;
  }
  return (
    <p className="call-status" role="status" data-state={state}>
      {text}
    </p>
  );
}

/** Everyone in a grid; a shared screen large, with the others in a strip beside it. */
function Stage({ texts }: { readonly texts: CallTexts }) {
  const tracks = useTracks(
    [
      { source: Track.Source.Camera, withPlaceholder: true },
      { source: Track.Source.ScreenShare, withPlaceholder: false },
    ],
    { onlySubscribed: false },
  );
  const screen = tracks.find((t): t is TrackReferenceOrPlaceholder => isTrackReference(t) && t.source === Track.Source.ScreenShare);
  const pinned = usePinnedTracks()?.[0];
  const focus = pinned ?? screen;
  if (!focus) {
    return (
      <div className="lk-grid-layout-wrapper call-stage">
        <GridLayout tracks={tracks}>
          <CallTile texts={texts} />
        </GridLayout>
      </div>
    );
  }
  const others = tracks.filter((t) => t !== focus);
  return (
    <div className="lk-focus-layout-wrapper call-stage">
      <FocusLayoutContainer>
        <CarouselLayout tracks={others}>
          <CallTile texts={texts} />
        </CarouselLayout>
        <CallTile texts={texts} trackRef={focus} />
      </FocusLayoutContainer>
    </div>
  );
}
