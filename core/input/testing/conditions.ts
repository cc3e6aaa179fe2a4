/**
 * Waiting on callbacks in tests without sleeps: the callbacks a test hands to the code call
 * wake(), and until() resolves once its condition holds, or fails after `waitMs` with what it saw.
 * Shared by the HID service tests here and the utility-process tests in electron/main/testing.
 */
export function conditions(waitMs: number, seen: () => string = () => '') {
  const waiters: (() => void)[] = [];
  const wake = (): void => {
    for (const w of waiters.splice(0)) w();
  };
  const until = (pred: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}${seen()}`)), waitMs);
      const check = (): void => {
        if (pred()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(check);
      };
      check();
    });
  return { wake, until };
}
