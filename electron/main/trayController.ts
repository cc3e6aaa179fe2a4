import type { EngineState } from '../../core/api/common/contract.js';
import { simStatusText } from '../../core/api/common/simStatusText.js';
import type { TrayLike } from './shellTypes.js';
import { trayMenuTemplate, trayStatusOf, trayTooltip, type TrayActions, type TrayStatus, type TrayView } from './trayMenu.js';

/** Keeps the tray icon, tooltip and menu in step with the engine; rebuilds only when the view changes. */
export class TrayController {
  private lastKey = '';
  private lastView: TrayView | null = null;

  constructor(
    private readonly tray: TrayLike,
    /** The icon file for a status, at the size this OS draws (trayIcons.ts). */
    private readonly iconPath: (status: TrayStatus) => string,
    private readonly actions: TrayActions,
    private readonly ui: () => Pick<TrayView, 'overlayVisible' | 'editingLayout' | 'update'>,
  ) {
    tray.on('click', () => actions.toggleOverlay());
  }

  update(state: EngineState): void {
    const view: TrayView = {
      status: trayStatusOf(state),
      simLine: simStatusText(state.sim),
      pttMode: state.ptt.mode,
      calloutsMuted: state.ui.calloutsMuted,
      ...this.ui(),
    };
    const key = JSON.stringify(view);
    if (key === this.lastKey) return;
    const iconChanged = this.lastView?.status !== view.status;
    this.lastKey = key;
    this.lastView = view;
    if (iconChanged) this.tray.setImage(this.iconPath(view.status));
    this.tray.setToolTip(trayTooltip(view));
    this.tray.setContextMenu(trayMenuTemplate(view, this.actions));
  }

  /** Re-reads overlay visibility etc. after a tray action changed them. */
  refresh(state: EngineState): void {
    this.lastKey = '';
    this.update(state);
  }

  get view(): TrayView | null {
    return this.lastView;
  }

  dispose(): void {
    this.tray.destroy();
  }
}
