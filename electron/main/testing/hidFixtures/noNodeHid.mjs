// A HID process where node-hid cannot load (what Linux without libusb-1.0 looks like).
process.send({ type: 'unavailable', reason: 'node-hid did not load (libusb-1.0.so.0: cannot open shared object file: No such file or directory)' });
