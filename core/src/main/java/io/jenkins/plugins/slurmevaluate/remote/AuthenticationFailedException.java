package io.jenkins.plugins.slurmevaluate.remote;

import java.io.IOException;

/**
 * The SSH server refused our private key (or the key could not be decrypted). Retrying with the same settings does
 * not help, and repeated failures can get the client address banned, so the adapter does not retry this one. The
 * message names the user, the host and the key that was tried.
 */
public class AuthenticationFailedException extends IOException {

    AuthenticationFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
