// The ringtone, generated with WebAudio (no sound file): a two-tone ring, 2 s on, 4 s off, played
// on the ringer device the person chose (through an <audio> element, whose setSinkId picks it).

export class Ringtone {
  #context: AudioContext | undefined;
  #element: HTMLAudioElement | undefined;
  #destination: MediaStreamAudioDestinationNode | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #sinkId = '';

  /** deviceId of the ringer ('' = system default). */
  async setSink(deviceId: string): Promise<void> {
    this.#sinkId = deviceId;
    if (this.#element && 'setSinkId' in this.#element) await this.#element.setSinkId(deviceId).catch((e: unknown) => console.warn('Ringer device not available:', e));
  }

  start(): void {
    if (this.#timer !== undefined) return;
    const context = (this.#context ??= new AudioContext());
    if (!this.#element) {
      const destination = context.createMediaStreamDestination();
      this.#element = new Audio();
      this.#element.srcObject = destination.stream;
      this.#destination = destination;
      void this.setSink(this.#sinkId);
    }
    void context.resume().catch(() => undefined); // autoplay policy: resumes once the page was used
    void this.#element.play().catch(() => undefined); // same: silence rather than an error
    const ring = () => this.#burst(context);
    ring();
    this.#timer = setInterval(ring, 6000);
  }

  #burst(context: AudioContext): void {
    const destination = this.#destination;
    if (!destination) return;
    const gain = context.createGain();
    gain.connect(destination);
    const t0 = context.currentTime;
    // 440 + 480 Hz (the North American ring), with soft edges so it does not click.
    for (const frequency of [440, 480]) {
      const osc = context.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start(t0);
      osc.stop(t0 + 2);
    }
    gain.gain.setValueAtTime(0, t0);
    gain.gain.linearRampToValueAtTime(0.2, t0 + 0.05);
    gain.gain.setValueAtTime(0.2, t0 + 1.95);
    gain.gain.linearRampToValueAtTime(0, t0 + 2);
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#element?.pause();
  }
}
