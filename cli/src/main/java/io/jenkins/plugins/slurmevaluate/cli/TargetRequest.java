package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;

/**
 * Which run a command acts on and how to reach it, as given on the command line.
 *
 * @param id the invocation id or a unique prefix
 * @param envFile {@code --env-file}, or null for the run's own (else ./.env)
 * @param connection connection flags; what is not given comes from the run's record and saved options
 * @param stateDir {@code --state-dir}, or null
 */
record TargetRequest(String id, Path envFile, ConnectionRequest connection, Path stateDir) {}
