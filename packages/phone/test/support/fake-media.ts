// A SessionDescriptionHandler without WebRTC, so Node tests drive sip.js calls: it produces a
// plausible SDP, records hold, ICE-restart and DTMF requests, and tracks the "microphone".
import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerFactory, SessionDescriptionHandlerOptions } from 'sip.js';

export class FakeMediaHandler implements SessionDescriptionHandler {
  readonly dtmf: string[] = [];
  readonly offers: SessionDescriptionHandlerOptions[] = [];
  remote: string | undefined;
  micEnabled = true;
  closed = false;
  #version = 0;

  async getDescription(options?: SessionDescriptionHandlerOptions): Promise<BodyAndContentType> {
    this.offers.push(options ?? {});
    const hold = (options as { hold?: boolean } | undefined)?.hold === true;
    const ice = (options as { offerOptions?: { iceRestart?: boolean } } | undefined)?.offerOptions?.iceRestart ? `ice${this.#version}` : 'ice0';
    const body = [
      'v=0', `o=- 1 ${++this.#version} IN IP4 127.0.0.1`, 's=-', 'c=IN IP4 127.0.0.1', 't=0 0',
      'm=audio 9 UDP/TLS/RTP/SAVPF 111 101', `a=ice-ufrag:${ice}`, 'a=rtpmap:111 opus/48000/2', 'a=rtpmap:101 telephone-event/8000',
      hold ? 'a=sendonly' : 'a=sendrecv', '',
    ].join('\r\n');
    return { body, contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(sdp: string): Promise<void> {
    this.remote = sdp;
  }
  sendDtmf(tones: string): boolean {
    this.dtmf.push(tones);
    return true;
  }
  enableSenderTracks(enable: boolean): void {
    this.micEnabled = enable;
  }
  close(): void {
    this.closed = true;
  }
}

export function fakeMediaFactory(created: FakeMediaHandler[] = []): SessionDescriptionHandlerFactory {
  return () => {
    const handler = new FakeMediaHandler();
    created.push(handler);
    return handler;
  };
}
