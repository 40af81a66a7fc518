"""govcheck in CI: git scopes (hook, --changed-since, --only), baselines, failing policy, outputs."""
