// The missed-call badge: the dock/launcher count where the OS has one (macOS, Unity launchers),
// and on Windows a small overlay on the taskbar button with the count in its description.

export interface BadgePresentation {
  count: number;
  /** Accessible description of the Windows overlay icon. */
  description: string;
}

export function badgePresentation(count: number): BadgePresentation {
  const n = Math.max(0, Math.min(999, Math.trunc(count)));
  return { count: n, description: n === 0 ? '' : n === 1 ? '1 missed call' : `${n} missed calls` };
}
