// Jest resolves with the `require` condition; Middy 7 is ESM-only and publishes only `import`.
// For @middy/* add `import`, so it resolves to the files esbuild bundles (and swc transforms).
module.exports = (request, options) =>
  options.defaultResolver(
    request,
    request.startsWith('@middy/')
      ? { ...options, conditions: [...(options.conditions ?? ['require', 'default']), 'import', 'node'] }
      : options,
  );
