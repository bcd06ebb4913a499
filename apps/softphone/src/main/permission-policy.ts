// Electron security checklist #5: Electron grants every permission unless told otherwise. The
// softphone's own top-level page may use the microphone (audio only, never the camera or the
// screen) and choose the speaker; every other permission and every other origin is refused.

export interface PermissionQuery {
  permission: string;
  /** The URL (or origin) of the frame asking. */
  requestingUrl: string | undefined;
  isMainFrame: boolean;
  /** Media requests: the kinds asked for (`mediaTypes` of a request, `mediaType` of a check). */
  mediaTypes?: readonly string[] | undefined;
}

function originOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  try {
    const u = new URL(raw);
    return u.origin === 'null' ? `${u.protocol}//${u.host}` : u.origin;
  } catch {
    return undefined; // garbage never matches our origin
  }
}

export function isPermissionGranted(query: PermissionQuery, appOrigins: readonly string[]): boolean {
  if (!query.isMainFrame) return false;
  const o = originOf(query.requestingUrl);
  if (o === undefined || !appOrigins.includes(o)) return false;
  switch (query.permission) {
    case 'media': {
      const kinds = query.mediaTypes ?? [];
      return kinds.length > 0 && kinds.every((k) => k === 'audio');
    }
    case 'speaker-selection':
      return true;
    default:
      return false;
  }
}
