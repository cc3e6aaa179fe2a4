// A hook process whose native start() aborts, as uiohook does on macOS without Accessibility.
process.abort();
