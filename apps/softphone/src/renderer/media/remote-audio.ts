// The far end's audio of each call, played on the speaker the person chose (setSinkId; sip.js
// leaves media output to the application, its #748/#361).

export class RemoteAudio {
  readonly #elements = new Map<string, HTMLAudioElement>();
  #speaker = '';

  /** Plays `stream` for `callId` (idempotent: the same stream is not restarted). */
  play(callId: string, stream: MediaStream): void {
    let el = this.#elements.get(callId);
    if (!el) {
      el = new Audio();
      el.autoplay = true;
      this.#elements.set(callId, el);
      if (this.#speaker) void el.setSinkId(this.#speaker).catch((e: unknown) => console.warn('Speaker not available:', e));
    }
    if (el.srcObject !== stream) {
      el.srcObject = stream;
      void el.play().catch(() => undefined); // autoplay policy: the call was started by a click anyway
    }
  }

  stop(callId: string): void {
    const el = this.#elements.get(callId);
    if (el) el.srcObject = null;
    this.#elements.delete(callId);
  }

  stopAll(): void {
    for (const id of [...this.#elements.keys()]) this.stop(id);
  }

  /** deviceId of the speaker ('' = system default), applied to what is playing now too. */
  async setSpeaker(deviceId: string): Promise<void> {
    this.#speaker = deviceId;
    for (const el of this.#elements.values()) await el.setSinkId(deviceId).catch((e: unknown) => console.warn('Speaker not available:', e));
  }
}
