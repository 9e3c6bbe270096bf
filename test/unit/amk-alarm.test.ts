/**
 * The AMK console's alarm sound as a state machine, with a fake audio element: it never claims
 * `on` when the browser refused to play, plays while a call rings once the operator turned it
 * on, and stops when nothing rings.
 */
import { describe, expect, it } from 'vitest';
import { type AlarmAudio, AlarmSound, type SoundState } from '../../tabs/src/amk-alarm';

class FakeAudio implements AlarmAudio {
  loop = false;
  currentTime = 0;
  paused = true;
  plays = 0;
  constructor(public allowed: boolean) {}
  async play(): Promise<void> {
    this.plays++;
    if (!this.allowed) throw new DOMException('play() failed because the user did not interact with the document first.', 'NotAllowedError');
    this.paused = false;
  }
  pause(): void {
    this.paused = true;
  }
}

function alarm(allowed: boolean) {
  const audio = new FakeAudio(allowed);
  const changes: SoundState[] = [];
  return { audio, changes, sound: new AlarmSound(audio, (s) => changes.push(s)) };
}

describe('the AMK alarm sound', () => {
  it('starts off and plays nothing by itself when a call rings', async () => {
    const { audio, sound } = alarm(true);
    await sound.ring(true);
    expect(sound.state).toBe('off');
    expect(audio.plays).toBe(0);
    expect(audio.paused).toBe(true);
  });

  it('«Slå på lyd» while a call rings plays the alarm in a loop; it stops when nothing rings and starts with the next call', async () => {
    const { audio, sound, changes } = alarm(true);
    await sound.ring(true);
    expect(await sound.enable()).toBe('on');
    expect(audio).toMatchObject({ paused: false, loop: true });
    await sound.ring(false);
    expect(audio).toMatchObject({ paused: true, loop: false, currentTime: 0 });
    await sound.ring(true);
    expect(audio).toMatchObject({ paused: false, loop: true });
    expect(changes).toEqual(['on']);
  });

  it('a play() the browser rejects is «blocked», never a silent «on» — on enabling or on a later call', async () => {
    const refused = alarm(false);
    expect(await refused.sound.enable()).toBe('blocked');
    expect(refused.changes).toEqual(['blocked']);

    const later = alarm(true);
    expect(await later.sound.enable()).toBe('on');
    later.audio.pause();
    later.audio.allowed = false;
    await later.sound.ring(true);
    expect(later.sound.state).toBe('blocked');
    // The next click tries again.
    later.audio.allowed = true;
    expect(await later.sound.enable()).toBe('on');
    expect(later.audio.paused).toBe(false);
  });

  it('«Slå av lyd» stops it and says off', async () => {
    const { audio, sound } = alarm(true);
    await sound.ring(true);
    await sound.enable();
    sound.disable();
    expect(sound.state).toBe('off');
    expect(audio.paused).toBe(true);
  });
});
