/**
 * The parts of the call beside the controls: one person's tile, the chat and the list of
 * people present. Built on the library's hooks and small components (VideoTrack, ChatEntry,
 * ConnectionQualityIndicator, useParticipants) with our texts, because its prefabs carry
 * English words and unlabeled icon buttons that a screen reader cannot name.
 */
import {
  ChatEntry,
  ConnectionQualityIndicator,
  type ReceivedChatMessage,
  type TrackReferenceOrPlaceholder,
  TrackMutedIndicator,
  useEnsureTrackRef,
  useIsMuted,
  useParticipants,
  useParticipantTile,
  VideoTrack,
} from '@livekit/components-react';
import { ConnectionQuality, type Participant, Track } from 'livekit-client';
import { type FormEvent, useId, useRef } from 'react';
import type { CallTexts } from './call-texts';

function qualityText(texts: CallTexts, quality: ConnectionQuality): string {
  switch (quality) {
    case ConnectionQuality.Excellent:
      return texts.quality.excellent;
    case ConnectionQuality.Good:
      return texts.quality.good;
    case ConnectionQuality.Poor:
      return texts.quality.poor;
    case ConnectionQuality.Lost:
      return texts.quality.lost;
    case ConnectionQuality.Unknown:
      return texts.quality.unknown;
    default:
      return quality satisfies never;
  }
}

function displayName(participant: Participant, texts: CallTexts): string {
  const name = participant.name || participant.identity;
  return participant.isLocal ? `${texts.you}${name ? ` – ${name}` : ''}` : name;
}

/** One person's camera (or their shared screen), their name with role, mute state and connection. */
export function CallTile({ texts, trackRef }: { readonly texts: CallTexts; readonly trackRef?: TrackReferenceOrPlaceholder }) {
  const track = useEnsureTrackRef(trackRef);
  const { elementProps } = useParticipantTile<HTMLDivElement>({ trackRef: track, htmlProps: {} });
  const { participant } = track;
  const videoMuted = useIsMuted(track);
  const micMuted = useIsMuted({ participant, source: Track.Source.Microphone });
  const isScreen = track.source === Track.Source.ScreenShare;
  const name = isScreen ? texts.screenOf(participant.name || participant.identity) : displayName(participant, texts);
  const showVideo = track.publication !== undefined && !videoMuted;
  return (
    <div {...elementProps}>
      {showVideo && <VideoTrack trackRef={track as Parameters<typeof VideoTrack>[0]['trackRef']} aria-hidden="true" />}
      {!showVideo && (
        <div className="lk-participant-placeholder call-tile-off" aria-hidden="true">
          {texts.cameraOff}
        </div>
      )}
      <div className="lk-participant-metadata">
        <div className="lk-participant-metadata-item">
          {!isScreen && micMuted && (
            <TrackMutedIndicator trackRef={{ participant, source: Track.Source.Microphone }} show="muted" role="img" aria-label={texts.muted} />
          )}
          <span className="lk-participant-name">{name}</span>
        </div>
        <ConnectionQualityIndicator
          participant={participant}
          className="lk-participant-metadata-item"
          role="img"
          aria-label={qualityText(texts, participant.connectionQuality)}
        />
      </div>
    </div>
  );
}

function PanelHeader({ headingId, title, texts, onClose }: { headingId: string; title: string; texts: CallTexts; onClose: () => void }) {
  return (
    <div className="call-panel-header">
      <h2 id={headingId}>{title}</h2>
      <button type="button" className="lk-button" onClick={onClose}>
        {texts.close}
      </button>
    </div>
  );
}

export interface ChatState {
  readonly chatMessages: readonly ReceivedChatMessage[];
  readonly send: (message: string) => Promise<unknown>;
  readonly isSending: boolean;
}

/** The meeting's chat: only those present get a message, and nothing is kept after the call. */
export function ChatPanel(props: { readonly id: string; readonly texts: CallTexts; readonly chat: ChatState; readonly onClose: () => void }) {
  const { texts, chat } = props;
  const headingId = useId();
  const input = useRef<HTMLInputElement>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = input.current?.value.trim();
    if (!text || !input.current) return;
    await chat.send(text);
    input.current.value = '';
    input.current.focus();
  };
  return (
    <aside id={props.id} className="call-panel" aria-labelledby={headingId}>
      <PanelHeader headingId={headingId} title={texts.chatHeading} texts={texts} onClose={props.onClose} />
      {chat.chatMessages.length === 0 ? (
        <p className="call-panel-empty">{texts.chatEmpty}</p>
      ) : (
        <ul className="lk-list lk-chat-messages" aria-live="polite">
          {chat.chatMessages.map((message) => (
            <ChatEntry key={message.id} entry={message} />
          ))}
        </ul>
      )}
      <form className="lk-chat-form" onSubmit={(e) => void submit(e)}>
        <input
          ref={input}
          aria-label={texts.chatInput}
          className="lk-form-control lk-chat-form-input"
          type="text"
          placeholder={texts.chatInput}
          disabled={chat.isSending}
        />
        <button type="submit" className="lk-button lk-chat-form-button" disabled={chat.isSending}>
          {texts.send}
        </button>
      </form>
    </aside>
  );
}

/** Who is in the call: name with role (as the server set it), microphone and connection. */
export function ParticipantsPanel(props: { readonly id: string; readonly texts: CallTexts; readonly onClose: () => void }) {
  const { texts } = props;
  const headingId = useId();
  const participants = useParticipants();
  return (
    <aside id={props.id} className="call-panel" aria-labelledby={headingId}>
      <PanelHeader headingId={headingId} title={`${texts.participants} (${participants.length})`} texts={texts} onClose={props.onClose} />
      <ul className="call-people">
        {participants.map((p) => (
          <li key={p.identity}>
            <span className="call-person-name">{displayName(p, texts)}</span>
            <span className="call-person-state">
              {[p.isMicrophoneEnabled ? undefined : texts.muted, qualityText(texts, p.connectionQuality)].filter(Boolean).join(', ')}
            </span>
          </li>
        ))}
      </ul>
    </aside>
  );
}
