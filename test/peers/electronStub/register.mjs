// `node --import ./register.mjs out/main/index.js`: runs the built Electron main bundle under
// plain Node with `electron` resolved to stub.mjs (the runtime cannot be downloaded here).
import { register } from 'node:module';

register(new URL('./hooks.mjs', import.meta.url));
