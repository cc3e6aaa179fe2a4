// A HID process that reads the bound stick: ready, then "watching" for every binding it is given.
process.send({ type: 'ready', source: 'fixture' });
process.on('message', (m) => {
  if (m.type === 'watch' && m.binding) process.send({ type: 'status', status: { state: 'watching', device: m.binding.product, raw: false } });
});
