/**
 * IPC channel names, shared by main (electron/main/ipc*.ts) and the preload. Payloads are
 * validated in main by electron/main/ipcSchemas.ts; the preload only forwards.
 */
export const invokeChannels = {
  engineHello: 'engine:hello',
  engineExecute: 'engine:execute',
  settingsGet: 'settings:get',
  settingsUpdate: 'settings:update',
  settingsOpen: 'settings:open',
  overlaySetEditLayout: 'overlay:setEditLayout',
  overlaySetInteractive: 'overlay:setInteractive',
  inputGamepadButton: 'input:gamepadButton',
  inputCaptureBinding: 'input:captureBinding',
  /** Whether the push-to-talk key and "start with the system" work here, and why not. */
  shellStatus: 'shell:status',
  /** Opens the system page the push-to-talk status points at (macOS Accessibility). */
  inputOpenPttAction: 'input:openPttAction',
  /** "Press the button you want" on a joystick/HOTAS, read natively (works while another window has focus). */
  inputBindHotas: 'input:bindHotas',
} as const;
export type InvokeChannel = (typeof invokeChannels)[keyof typeof invokeChannels];

/** Main to renderer pushes. */
export const pushChannels = {
  state: 'engine:state',
  event: 'engine:event',
  editLayout: 'overlay:editLayout',
  /** Interact mode (the hotkey) is on: the overlay takes the mouse until it is pressed again. */
  interact: 'overlay:interact',
  /** The push-to-talk key's or HOTAS input's status changed (ShellStatus). */
  shellStatus: 'shell:statusChanged',
} as const;
export type PushChannel = (typeof pushChannels)[keyof typeof pushChannels];
