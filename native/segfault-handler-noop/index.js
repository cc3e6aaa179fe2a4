'use strict';
// No-op stand-in for segfault-handler (see package.json). naudiodon calls registerHandler() at
// load; Stratus records worker crashes itself (core/base crash log in the user's data folder).
module.exports = {
  registerHandler() {},
  causeSegfault() {
    throw new Error('segfault-handler is replaced by a no-op in Stratus');
  },
  printStackTrace() {},
};
