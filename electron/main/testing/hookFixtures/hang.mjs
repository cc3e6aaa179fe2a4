// A hook process whose start() never returns, as uiohook does without an X display: no 'ready', ever.
setInterval(() => {}, 60_000);
