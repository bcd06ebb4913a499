import { describe, expect, it } from 'vitest';
import { trayPresentation } from '../../src/main/tray-state.ts';
import { badgePresentation } from '../../src/main/badge.ts';
import { registrationStates } from '../../src/shared/ipc-contract.ts';

describe('tray icon shows the registration status in colour and in words', () => {
  it('registered is green and says so; registering is amber', () => {
    expect(trayPresentation({ state: 'registered' })).toMatchObject({ label: 'Registered', tooltip: 'Softphone: registered, ready for calls' });
    expect(trayPresentation({ state: 'registered' }).color).not.toEqual(trayPresentation({ state: 'registering' }).color);
  });

  it('a failed or lost registration carries its cause into the tooltip', () => {
    const failed = trayPresentation({ state: 'failed', cause: 'The network refused the token (403)' });
    expect(failed.tooltip).toBe('Softphone: registration failed: The network refused the token (403)');
    expect(failed.color).not.toEqual(trayPresentation({ state: 'registered' }).color);
    expect(trayPresentation({ state: 'signed-out', cause: 'Signed out by your organization' }).tooltip).toContain('Signed out by your organization');
  });

  it('every state of the contract has its own label', () => {
    const labels = registrationStates.map((state) => trayPresentation({ state }).label);
    expect(new Set(labels).size).toBe(registrationStates.length);
  });
});

describe('missed-call badge', () => {
  it('counts missed calls, clamps the count and describes it for screen readers', () => {
    expect(badgePresentation(0)).toEqual({ count: 0, description: '' });
    expect(badgePresentation(1)).toEqual({ count: 1, description: '1 missed call' });
    expect(badgePresentation(3)).toEqual({ count: 3, description: '3 missed calls' });
    expect(badgePresentation(5000).count).toBe(999);
    expect(badgePresentation(-2).count).toBe(0);
  });
});
