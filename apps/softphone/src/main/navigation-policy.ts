// Electron security checklist #13–#15: the window never navigates away from our UI and never
// opens a new window. A link to an allow-listed site (the IdP's account page, help) is handed
// to the system browser instead; everything else is dropped.
import { checkExternalUrl, type ExternalUrlPolicy } from './external-url-policy.ts';

export type NavigationDecision =
  | { action: 'allow' }
  | { action: 'open-externally'; url: string }
  | { action: 'deny'; reason: string };

function originOf(raw: string): string | undefined {
  try {
    const u = new URL(raw);
    return u.origin === 'null' ? `${u.protocol}//${u.host}` : u.origin;
  } catch {
    return undefined; // not a URL: nothing to compare
  }
}

/** `will-navigate` / `will-redirect`: reloads within our own origin stay, the rest leaves or is dropped. */
export function decideNavigation(target: string, appOrigins: readonly string[], external: ExternalUrlPolicy): NavigationDecision {
  const o = originOf(target);
  if (o !== undefined && o !== 'null' && appOrigins.includes(o)) return { action: 'allow' };
  return leaveApp(target, external);
}

/** `setWindowOpenHandler`: no new windows, ever; allow-listed links go to the system browser. */
export function decideWindowOpen(target: string, external: ExternalUrlPolicy): Exclude<NavigationDecision, { action: 'allow' }> {
  return leaveApp(target, external);
}

function leaveApp(target: string, external: ExternalUrlPolicy): Exclude<NavigationDecision, { action: 'allow' }> {
  const checked = checkExternalUrl(target, external);
  return checked.ok ? { action: 'open-externally', url: checked.url } : { action: 'deny', reason: checked.error };
}
