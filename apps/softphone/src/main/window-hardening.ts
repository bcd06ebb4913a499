// Applies the navigation rules to every web contents the app creates (Electron security
// checklist #11–#14), whether or not it is the main window: defence in depth.
import type { WebContents } from 'electron';
import type { ExternalUrlPolicy } from './external-url-policy.ts';
import { decideNavigation, decideWindowOpen } from './navigation-policy.ts';

export interface HardeningHooks {
  appOrigins: readonly string[];
  external: ExternalUrlPolicy;
  openExternal(url: string): void;
  log(message: string): void;
}

export function hardenWebContents(contents: WebContents, hooks: HardeningHooks): void {
  const guard = (event: { preventDefault(): void }, url: string) => {
    const decision = decideNavigation(url, hooks.appOrigins, hooks.external);
    if (decision.action === 'allow') return;
    event.preventDefault();
    if (decision.action === 'open-externally') hooks.openExternal(decision.url);
    else hooks.log(`navigation to ${url} denied: ${decision.reason}`);
  };
  contents.on('will-navigate', (event) => guard(event, event.url));
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) guard(event, event.url);
  });
  contents.on('will-redirect', (event) => guard(event, event.url));
  contents.setWindowOpenHandler(({ url }) => {
    const decision = decideWindowOpen(url, hooks.external);
    if (decision.action === 'open-externally') hooks.openExternal(decision.url);
    else hooks.log(`new window for ${url} denied: ${decision.reason}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
