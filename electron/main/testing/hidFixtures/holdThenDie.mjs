// A HID process that says ready, reports the bound button down, then crashes while it is held.
process.send({ type: 'ready', source: 'fixture' });
process.on('message', (m) => {
  if (m.type !== 'watch' || !m.binding) return;
  process.send({ type: 'button', pressed: true });
  process.send({ type: 'not a message' });
  setImmediate(() => process.abort());
});
