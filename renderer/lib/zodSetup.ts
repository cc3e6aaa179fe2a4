import { z } from 'zod';

/**
 * The pages run under a CSP without 'unsafe-eval'. Zod's JIT would probe `new Function` (a CSP
 * violation logged on every page load); the interpreted path is fast enough for 10 Hz state.
 * Imported first by each page entry.
 */
z.config({ jitless: true });
