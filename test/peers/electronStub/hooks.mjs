// Module resolution hook: the bare specifier `electron` becomes the stub.
const stub = new URL('./stub.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: stub, shortCircuit: true };
  return next(specifier, context);
}
