// A working hook process: says ready with a key table, then sends each input the test asks for.
const send = (m) => process.send(m);
send({ type: 'ready', keys: { F13: 91, T: 20 } });
process.on('message', (m) => send(m));
