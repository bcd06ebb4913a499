// React's view of the PhoneController: the current snapshot, re-rendered on every change.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PhoneController, PhoneSnapshot } from '../phone/phone-controller.ts';

export const PhoneContext = createContext<PhoneController | undefined>(undefined);

export function usePhoneController(): PhoneController {
  const controller = useContext(PhoneContext);
  if (!controller) throw new TypeError('usePhoneController() outside <PhoneContext.Provider>');
  return controller;
}

export function usePhone(): PhoneSnapshot {
  const controller = usePhoneController();
  return useSyncExternalStore(controller.subscribe, controller.getSnapshot);
}
