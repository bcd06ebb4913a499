import { describe, expect, it } from 'vitest';
import { isPermissionGranted } from '../../src/main/permission-policy.ts';

const APP = ['app://softphone'];
const own = { requestingUrl: 'app://softphone/index.html', isMainFrame: true };

describe('permissions: the microphone for our own page only (Electron security checklist #5)', () => {
  it('our top-level page may open the microphone and pick the speaker', () => {
    expect(isPermissionGranted({ ...own, permission: 'media', mediaTypes: ['audio'] }, APP)).toBe(true);
    expect(isPermissionGranted({ ...own, permission: 'speaker-selection' }, APP)).toBe(true);
  });

  it('the camera, screen capture and a media request naming no kind are refused', () => {
    expect(isPermissionGranted({ ...own, permission: 'media', mediaTypes: ['audio', 'video'] }, APP)).toBe(false);
    expect(isPermissionGranted({ ...own, permission: 'media', mediaTypes: ['video'] }, APP)).toBe(false);
    expect(isPermissionGranted({ ...own, permission: 'media', mediaTypes: [] }, APP)).toBe(false);
    expect(isPermissionGranted({ ...own, permission: 'media' }, APP)).toBe(false);
    expect(isPermissionGranted({ ...own, permission: 'display-capture' }, APP)).toBe(false);
  });

  it('everything else Electron would grant by default is refused', () => {
    for (const permission of ['notifications', 'geolocation', 'clipboard-read', 'openExternal', 'midiSysex', 'fullscreen', 'pointerLock', 'unknown']) {
      expect(isPermissionGranted({ ...own, permission }, APP), permission).toBe(false);
    }
  });

  it('another origin, an iframe or an unparsable origin gets nothing, not even the microphone', () => {
    expect(isPermissionGranted({ permission: 'media', mediaTypes: ['audio'], requestingUrl: 'https://evil.example/', isMainFrame: true }, APP)).toBe(false);
    expect(isPermissionGranted({ permission: 'media', mediaTypes: ['audio'], requestingUrl: 'app://softphone/index.html', isMainFrame: false }, APP)).toBe(false);
    expect(isPermissionGranted({ permission: 'media', mediaTypes: ['audio'], requestingUrl: undefined, isMainFrame: true }, APP)).toBe(false);
    expect(isPermissionGranted({ permission: 'media', mediaTypes: ['audio'], requestingUrl: 'file:///tmp/x.html', isMainFrame: true }, APP)).toBe(false);
  });
});
