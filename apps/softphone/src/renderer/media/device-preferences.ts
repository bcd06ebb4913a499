// The audio devices the person chose (microphone, speaker, ringer), kept on this device. Empty
// string = the system default. Device ids are per origin, so they are stored per origin too.
import type { KeyValueStorage } from '../phone/call-history.ts';

const KEY = 'softphone.audio-devices.v1';

export interface AudioDeviceChoice {
  microphone: string;
  speaker: string;
  ringer: string;
}

export class DevicePreferences {
  readonly #storage: KeyValueStorage;
  #choice: AudioDeviceChoice;

  constructor(storage: KeyValueStorage) {
    this.#storage = storage;
    this.#choice = { microphone: '', speaker: '', ringer: '' };
    try {
      const saved = JSON.parse(storage.getItem(KEY) ?? '{}') as Partial<Record<keyof AudioDeviceChoice, unknown>>;
      for (const k of ['microphone', 'speaker', 'ringer'] as const) if (typeof saved[k] === 'string') this.#choice[k] = saved[k];
    } catch {
      this.#choice = { microphone: '', speaker: '', ringer: '' }; // unreadable: defaults
    }
  }

  get microphone(): string {
    return this.#choice.microphone;
  }
  get speaker(): string {
    return this.#choice.speaker;
  }
  get ringer(): string {
    return this.#choice.ringer;
  }
  get choice(): AudioDeviceChoice {
    return { ...this.#choice };
  }

  set(kind: keyof AudioDeviceChoice, deviceId: string): void {
    this.#choice = { ...this.#choice, [kind]: deviceId };
    this.#storage.setItem(KEY, JSON.stringify(this.#choice));
  }
}
