// "Audio devices": microphone (getUserMedia), speaker (setSinkId on the call audio) and ringer
// (setSinkId on the ringtone). Device names are only visible once the page may use the microphone.
import { useCallback, useEffect, useState } from 'react';
import type { AudioDeviceChoice } from '../media/device-preferences.ts';
import { usePhoneController } from './use-phone.ts';

interface DeviceLists {
  microphone: MediaDeviceInfo[];
  speaker: MediaDeviceInfo[];
}

export function DeviceSettings() {
  const controller = usePhoneController();
  const [devices, setDevices] = useState<DeviceLists>({ microphone: [], speaker: [] });
  const [choice, setChoice] = useState<AudioDeviceChoice>(() => controller.devices.choice);
  const [error, setError] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    if (!navigator.mediaDevices?.enumerateDevices) {
      setError('This browser cannot list audio devices.');
      return;
    }
    const all = await navigator.mediaDevices.enumerateDevices();
    setDevices({ microphone: all.filter((d) => d.kind === 'audioinput'), speaker: all.filter((d) => d.kind === 'audiooutput') });
  }, []);

  useEffect(() => {
    void refresh();
    navigator.mediaDevices?.addEventListener('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener('devicechange', refresh);
  }, [refresh]);

  const change = (kind: keyof AudioDeviceChoice, deviceId: string) => {
    controller.devices.set(kind, deviceId);
    setChoice(controller.devices.choice);
    controller.applyDevices().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const select = (kind: keyof AudioDeviceChoice, label: string, list: MediaDeviceInfo[]) => (
    <label className="device">
      <span>{label}</span>
      <select value={choice[kind]} onChange={(e) => change(kind, e.target.value)}>
        <option value="">System default</option>
        {list
          .filter((d) => d.deviceId !== '' && d.deviceId !== 'default')
          .map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || `${label} ${i + 1}`}
            </option>
          ))}
      </select>
    </label>
  );

  return (
    <details className="device-settings" onToggle={() => void refresh()}>
      <summary>Audio devices</summary>
      {select('microphone', 'Microphone', devices.microphone)}
      {select('speaker', 'Speaker', devices.speaker)}
      {select('ringer', 'Ringer', devices.speaker)}
      <button type="button" onClick={() => controller.testRinger()}>
        Test ringer
      </button>
      {devices.speaker.length === 0 ? <p className="hint">This browser does not let web pages choose the speaker; the system default is used.</p> : null}
      {error ? <p role="alert">{error}</p> : null}
    </details>
  );
}
