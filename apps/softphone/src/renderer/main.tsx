// Renderer entry: picks the platform (Electron's bridge when the preload exposed one, else the
// web), starts the phone controller and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ElectronPlatform, findBridge } from './platform/electron-platform.ts';
import { WebPlatform } from './platform/web-platform.ts';
import { PhoneController } from './phone/phone-controller.ts';
import { App } from './ui/app.tsx';
import { PhoneContext } from './ui/use-phone.ts';
import './styles.css';

const bridge = findBridge();
const controller = new PhoneController(bridge ? new ElectronPlatform(bridge) : new WebPlatform());
void controller.start();

const root = document.getElementById('root');
if (!root) throw new TypeError('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <PhoneContext.Provider value={controller}>
      <App />
    </PhoneContext.Provider>
  </StrictMode>,
);
