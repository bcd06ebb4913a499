// What the tray icon shows for each registration status the renderer reports: a colour a person
// can tell apart at 16 px, and a tooltip that says the state in words (colour is never the only
// signal) with its cause when the phone is not registered.
import { assertNever } from '@eims/phone';
import type { RegistrationStatus } from '../shared/ipc-contract.ts';

export interface TrayPresentation {
  /** RGBA of the status dot drawn by `statusIconPng`. */
  color: readonly [number, number, number, number];
  tooltip: string;
  /** Short status for the tray menu's first (disabled) item. */
  label: string;
}

const GREEN = [0x1e, 0x8e, 0x3e, 0xff] as const;
const AMBER = [0xe3, 0x9b, 0x00, 0xff] as const;
const RED = [0xc6, 0x28, 0x28, 0xff] as const;
const GREY = [0x75, 0x75, 0x75, 0xff] as const;

export function trayPresentation(status: RegistrationStatus): TrayPresentation {
  const why = status.cause ? `: ${status.cause}` : '';
  switch (status.state) {
    case 'registered':
      return { color: GREEN, label: 'Registered', tooltip: 'Softphone: registered, ready for calls' };
    case 'registering':
      return { color: AMBER, label: 'Registering…', tooltip: 'Softphone: registering…' };
    case 'unregistered':
      return { color: GREY, label: 'Not registered', tooltip: `Softphone: not registered${why}` };
    case 'failed':
      return { color: RED, label: 'Registration failed', tooltip: `Softphone: registration failed${why}` };
    case 'signed-out':
      return { color: GREY, label: 'Signed out', tooltip: `Softphone: signed out${why}` };
    default:
      return assertNever(status.state);
  }
}
