/**
 * The control bar under the call, put together from the library's parts (TrackToggle,
 * DisconnectButton, the device-select hook) rather than its ControlBar prefab: the prefab has
 * English labels and hides every control until the server grants permissions, and a guest on
 * a phone should see mute, camera, chat and the people present from the first second. Screen
 * share only for clinicians (`canShareScreen`); device switching sits in its own small panel.
 */
import { DisconnectButton, TrackToggle, useMediaDeviceSelect } from '@livekit/components-react';
import { Track } from 'livekit-client';
import { useEffect, useId, useState } from 'react';
import type { CallTexts } from './call-texts';

export type SidePanel = 'none' | 'chat' | 'people' | 'devices';

export interface CallControlsProps {
  readonly texts: CallTexts;
  readonly panel: SidePanel;
  readonly onPanel: (panel: SidePanel) => void;
  readonly canShareScreen: boolean;
  /** An audio-only token may not publish a camera, so there is no camera button. */
  readonly audioOnly: boolean;
  /** How many chat messages there are now (the chat lives in the call, so none are missed). */
  readonly messageCount: number;
}

export function CallControls({ texts, panel, onPanel, canShareScreen, audioOnly, messageCount }: CallControlsProps) {
  const toggle = (which: Exclude<SidePanel, 'none'>) => onPanel(panel === which ? 'none' : which);
  const unread = useUnreadCount(panel === 'chat', messageCount);
  const screenShare = canShareScreen && typeof navigator.mediaDevices?.getDisplayMedia === 'function';
  return (
    <div className="lk-control-bar call-controls" role="toolbar" aria-label={texts.controls}>
      <TrackToggle source={Track.Source.Microphone} className="lk-button">
        {texts.microphone}
      </TrackToggle>
      {!audioOnly && (
        <TrackToggle source={Track.Source.Camera} className="lk-button">
          {texts.camera}
        </TrackToggle>
      )}
      {screenShare && (
        <TrackToggle source={Track.Source.ScreenShare} className="lk-button" captureOptions={{ audio: true, selfBrowserSurface: 'include' }}>
          {texts.shareScreen}
        </TrackToggle>
      )}
      <PanelButton label={texts.devices} panelId="call-devices" open={panel === 'devices'} onClick={() => toggle('devices')} />
      <PanelButton label={texts.chat} panelId="call-chat" open={panel === 'chat'} onClick={() => toggle('chat')}>
        {unread > 0 && <span className="call-badge">{texts.unread(unread)}</span>}
      </PanelButton>
      <PanelButton label={texts.people} panelId="call-people" open={panel === 'people'} onClick={() => toggle('people')} />
      <DisconnectButton className="lk-button lk-disconnect-button">{texts.leave}</DisconnectButton>
    </div>
  );
}

function PanelButton(props: { label: string; panelId: string; open: boolean; onClick: () => void; children?: React.ReactNode }) {
  return (
    <button type="button" className="lk-button" aria-expanded={props.open} aria-controls={props.open ? props.panelId : undefined} onClick={props.onClick}>
      {props.label}
      {props.children}
    </button>
  );
}

/** Messages that arrived while the chat was closed. */
function useUnreadCount(chatOpen: boolean, messageCount: number): number {
  const [seen, setSeen] = useState(0);
  useEffect(() => {
    if (chatOpen) setSeen(messageCount);
  }, [chatOpen, messageCount]);
  return chatOpen ? 0 : Math.max(0, messageCount - seen);
}

/** Microphone and camera as two labelled native selects: accessible, and fine on a phone. */
export function DevicesPanel({ id, texts, onClose }: { readonly id: string; readonly texts: CallTexts; readonly onClose: () => void }) {
  const headingId = useId();
  return (
    <aside id={id} className="call-panel" aria-labelledby={headingId}>
      <div className="call-panel-header">
        <h2 id={headingId}>{texts.devicesHeading}</h2>
        <button type="button" className="lk-button" onClick={onClose}>
          {texts.close}
        </button>
      </div>
      <DeviceSelect kind="audioinput" label={texts.chooseMicrophone} texts={texts} />
      <DeviceSelect kind="videoinput" label={texts.chooseCamera} texts={texts} />
    </aside>
  );
}

function DeviceSelect({ kind, label, texts }: { readonly kind: MediaDeviceKind; readonly label: string; readonly texts: CallTexts }) {
  const selectId = useId();
  const { devices, activeDeviceId, setActiveMediaDevice } = useMediaDeviceSelect({ kind });
  return (
    <div className="call-field">
      <label htmlFor={selectId}>{label}</label>
      <select
        id={selectId}
        value={activeDeviceId}
        onChange={(e) => {
          // A device that vanished or is busy leaves the current one in use.
          setActiveMediaDevice(e.target.value).catch(() => undefined);
        }}
      >
        {devices.map((d, i) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label || texts.deviceFallback(i + 1)}
          </option>
        ))}
      </select>
    </div>
  );
}
