// Real WebRTC for calls: sip.js's own Web SessionDescriptionHandler, with the microphone the
// person chose, no public STUN server (the P-CSCF is reached directly; on loopback the host
// candidates are all there is), and a short ICE-gathering wait so calls start at once.
import { Web, type SessionDescriptionHandlerFactory } from 'sip.js';

export interface MediaPreferences {
  /** deviceId of the microphone; undefined = the system default. */
  microphone(): string | undefined;
}

export function webRtcMediaFactory(preferences: MediaPreferences): SessionDescriptionHandlerFactory {
  const base = Web.defaultSessionDescriptionHandlerFactory(async () => {
    const deviceId = preferences.microphone();
    try {
      return await navigator.mediaDevices.getUserMedia({ audio: deviceId ? { deviceId: { exact: deviceId } } : true, video: false });
    } catch (error) {
      throw new Error(describeMediaError(error), { cause: error });
    }
  });
  return (session, options) =>
    base(session, {
      ...(options as object),
      peerConnectionConfiguration: { iceServers: [], bundlePolicy: 'balanced', rtcpMuxPolicy: 'require' },
      iceGatheringTimeout: 1000,
    });
}

/** What to tell the person when the microphone cannot be opened. */
export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'The softphone may not use your microphone. Allow microphone access for this page and try again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'The selected microphone was not found. Choose another one under Audio devices.';
    case 'NotReadableError':
      return 'Your microphone is in use by another application or not working.';
    default:
      return 'The microphone could not be opened.';
  }
}
