// The tray icon: a status dot and tooltip for the registration state the renderer reports, and
// a menu to bring the window back or quit (closing the window keeps the phone running). Signing
// out stays in the window: the renderer must un-REGISTER before main revokes the tokens.
import { Menu, Tray, nativeImage } from 'electron';
import type { RegistrationStatus } from '../shared/ipc-contract.ts';
import { statusIconPng } from './status-icon-png.ts';
import { trayPresentation } from './tray-state.ts';

export class TrayController {
  readonly #tray: Tray;
  readonly #actions: { show(): void; quit(): void };
  #status: RegistrationStatus = { state: 'signed-out' };

  constructor(actions: { show(): void; quit(): void }) {
    this.#actions = actions;
    this.#tray = new Tray(this.#icon());
    this.#tray.on('click', () => actions.show());
    this.update(this.#status);
  }

  update(status: RegistrationStatus): void {
    this.#status = status;
    const p = trayPresentation(status);
    this.#tray.setImage(this.#icon());
    this.#tray.setToolTip(p.tooltip);
    this.#tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: p.label, enabled: false },
        { type: 'separator' },
        { label: 'Show Softphone', click: () => this.#actions.show() },
        { type: 'separator' },
        { label: 'Quit', click: () => this.#actions.quit() },
      ]),
    );
  }

  #icon() {
    const { color } = trayPresentation(this.#status);
    const image = nativeImage.createEmpty();
    // 16 px at 1x and 32 px at 2x, so HiDPI trays stay sharp.
    image.addRepresentation({ scaleFactor: 1, buffer: statusIconPng(16, color) });
    image.addRepresentation({ scaleFactor: 2, buffer: statusIconPng(32, color) });
    return image;
  }
}
