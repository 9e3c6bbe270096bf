/**
 * The AMK console's alarm, which must not be missed. Browsers refuse sound until the page has
 * been used (autoplay policy), so the console never promises it: sound starts `off` and the
 * operator turns it on with one click («Slå på lyd»), which plays the alarm once as a test. A
 * `play()` the browser rejects makes the state `blocked`, never a silent `on`. While a call
 * rings and the sound is not `on`, the console flashes the call and the tab title instead (and
 * the Teams card is the fallback). The sound is `tabs/public/amk-alarm.wav`: a short two-tone
 * alarm, 8-bit 11 kHz, made by a few lines of Python (880/660 Hz, 10 ms fades).
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export const ALARM_SOUND_URL = '/app/amk-alarm.wav';
/** The tab title alternates this often while a call rings unheard. @defaultValue 1000 */
export const TITLE_BLINK_MS = 1_000;

export type SoundState = 'off' | 'on' | 'blocked';

/** What the alarm needs of an `HTMLAudioElement` (a fake one in tests). */
export interface AlarmAudio {
  loop: boolean;
  currentTime: number;
  readonly paused: boolean;
  play(): Promise<void>;
  pause(): void;
}

/**
 * The sound's state machine, free of React: `enable()` runs inside the operator's click;
 * `ring(true|false)` follows whether any call rings. Every rejected `play()` ends in `blocked`.
 */
export class AlarmSound {
  private ringing = false;
  private current: SoundState = 'off';

  constructor(
    private readonly audio: AlarmAudio,
    private readonly onChange: (state: SoundState) => void,
  ) {}

  get state(): SoundState {
    return this.current;
  }

  /** «Slå på lyd»: plays now (the alarm if a call rings, else once as a test) and says whether the browser allowed it. */
  async enable(): Promise<SoundState> {
    this.audio.loop = this.ringing;
    this.audio.currentTime = 0;
    return this.set((await this.tryPlay()) ? 'on' : 'blocked');
  }

  /** «Slå av lyd». */
  disable(): void {
    this.audio.pause();
    this.set('off');
  }

  async ring(ringing: boolean): Promise<void> {
    this.ringing = ringing;
    if (!ringing) {
      this.audio.loop = false;
      this.audio.pause();
      this.audio.currentTime = 0;
      return;
    }
    this.audio.loop = true;
    // Blocked or off: the flash takes over, and the next click on «Slå på lyd» tries again.
    if (this.current === 'on' && this.audio.paused && !(await this.tryPlay())) this.set('blocked');
  }

  private async tryPlay(): Promise<boolean> {
    try {
      await this.audio.play();
      return true;
    } catch (err) {
      console.warn('Samrom: the browser blocked the AMK alarm sound', err);
      return false;
    }
  }

  private set(state: SoundState): SoundState {
    if (state !== this.current) {
      this.current = state;
      this.onChange(state);
    }
    return state;
  }
}

/** The console's alarm: the sound's state, the two controls, and whether the page must flash instead. */
export function useAlarm(ringing: boolean): { state: SoundState; enable(): void; disable(): void; flash: boolean } {
  const [state, setState] = useState<SoundState>('off');
  const alarm = useRef<AlarmSound | undefined>(undefined);
  const ringingNow = useRef(ringing);
  ringingNow.current = ringing;
  useEffect(() => {
    const audio = new Audio(ALARM_SOUND_URL);
    audio.preload = 'auto';
    audio.dataset.samromAlarm = '';
    // In the document (hidden, no controls), so what plays can be inspected.
    audio.hidden = true;
    document.body.append(audio);
    const sound = new AlarmSound(audio, setState);
    alarm.current = sound;
    void sound.ring(ringingNow.current);
    return () => {
      sound.disable();
      audio.remove();
      alarm.current = undefined;
      setState('off');
    };
  }, []);
  useEffect(() => {
    void alarm.current?.ring(ringing);
  }, [ringing]);
  const enable = useCallback(() => void alarm.current?.enable(), []);
  const disable = useCallback(() => alarm.current?.disable(), []);
  return { state, enable, disable, flash: ringing && state !== 'on' };
}

/** While `active`, the tab title alternates between `alert` and the page's own title, which comes back after. */
export function useTitleBlink(active: boolean, alert: string): void {
  useEffect(() => {
    if (!active) return;
    const own = document.title;
    let showingAlert = false;
    const timer = setInterval(() => {
      showingAlert = !showingAlert;
      document.title = showingAlert ? alert : own;
    }, TITLE_BLINK_MS);
    return () => {
      clearInterval(timer);
      document.title = own;
    };
  }, [active, alert]);
}
