package io.jenkins.plugins.slurmevaluate.cli;

import java.nio.file.Path;

/**
 * The connection options as given on the command line; null means "not given".
 *
 * @param host {@code --host}
 * @param user {@code --user}
 * @param port {@code --port}
 * @param identity {@code --identity}
 * @param knownHosts {@code --known-hosts}
 * @param acceptNewHostKey {@code --accept-new-host-key}
 * @param sshConfig {@code --ssh-config}
 * @param local {@code --local}
 */
record ConnectionRequest(String host, String user, Integer port, Path identity, Path knownHosts, boolean acceptNewHostKey,
        Path sshConfig, boolean local) {

    static ConnectionRequest none() {
        return new ConnectionRequest(null, null, null, null, null, false, null, false);
    }
}
