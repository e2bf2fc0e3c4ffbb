// The SDK warns about Node 20 once per process; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Handlers log JSON through Powertools; tests that check logging inject a recording logger instead.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
