// Runs one benchmark file (default export `run()`) and prints its results on a marker line.
import { pathToFileURL } from 'node:url';
const file = process.argv[2];
const mod = await import(pathToFileURL(file).href);
const results = await mod.default();
process.stdout.write(`\nBENCH_RESULTS ${JSON.stringify(results)}\n`);
process.exit(0);
