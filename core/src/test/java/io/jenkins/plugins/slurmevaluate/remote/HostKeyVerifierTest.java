package io.jenkins.plugins.slurmevaluate.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyVerifierTest {

    // two ed25519 public keys and their fingerprints, as ssh-keygen -lf prints them
    private static final String KEY_A = "AAAAC3NzaC1lZDI1NTE5AAAAIHLO9tCTI0IgmXVrMMYOToUeNuaiJyN+V8wIlW9yHz69";
    private static final String FP_A = "SHA256:iMXstt4Hgv3glZFYgM7kNxQDXfA6QK0osUZizOPuDWo";
    private static final String KEY_B = "AAAAC3NzaC1lZDI1NTE5AAAAIMf4YtFTUhF/Pc7ByyuLWQnozmr6bs9cK+AeE508iJkT";
    private static final String FP_B = "SHA256:7hAi9dZ3MWy9gxFYO3lpefudvuAehAwUfjtfVKEUddM";
    private static final String RSA = "AAAAB3NzaC1yc2EAAAADAQABAAAAgQCvMY6ubY07+mfkfiBY2RAB7dvTtXSK34mEZfbVhKuEF+Veb"
            + "nY46w78NZmXmvZ/hVTq7cfmaWLRwfLGTnvdiuIOHZQXDzOYgoyR9133GrRwjyTl/GilECu87KZLRCqxFpjMF60cYb3ipUtvCcvslvQj"
            + "cLwbidw6K8hc48VqZYbmrQ==";
    private static final String HOST = "[login1]:2222";

    @TempDir
    Path tmp;

    private static byte[] blob(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    @Test
    void fingerprintsMatchWhatSshKeygenPrints() {
        assertThat(HostKeyVerifier.fingerprint(blob(KEY_A))).isEqualTo(FP_A);
        assertThat(HostKeyVerifier.fingerprint(blob(KEY_B))).isEqualTo(FP_B);
    }

    @Test
    void theKeyTypeIsReadFromTheBlob() {
        assertThat(HostKeyVerifier.keyType(blob(KEY_A))).isEqualTo("ssh-ed25519");
        assertThat(HostKeyVerifier.keyType(blob(RSA))).isEqualTo("ssh-rsa");
        assertThat(HostKeyVerifier.keyType(new byte[] {0, 0, 0, 99, 1})).isEqualTo("unknown");
    }

    @Test
    void aKnownHostsFileAcceptsItsKeyAndRefusesAnotherOfTheSameType() throws IOException {
        Path file = write("known_hosts", HOST + " ssh-ed25519 " + KEY_A + "\n");
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.knownHosts(file), "login1", 2222);
        assertThat(v.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.OK);
        assertThat(v.check(HOST, blob(KEY_B))).isEqualTo(HostKeyRepository.CHANGED);
        assertThat(v.check("[other]:2222", blob(KEY_A))).isEqualTo(HostKeyRepository.NOT_INCLUDED);
    }

    @Test
    void aChangedKeyIsRefusedWithAWarningAndTheRemovalCommand() throws IOException {
        Path file = write("known_hosts", HOST + " ssh-ed25519 " + KEY_A + "\n");
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.knownHosts(file), "login1", 2222);
        v.check(HOST, blob(KEY_B));
        HostKeyRejectedException e = v.rejection(new JSchException("HostKey has been changed"));
        assertThat(e.getMessage()).isEqualTo("host key of [login1]:2222 CHANGED: it offered the ssh-ed25519 key " + FP_B
                + ", but known_hosts file " + file + " holds a different ssh-ed25519 key for it. Someone may be "
                + "intercepting the connection. Only if the cluster's administrators confirm the new fingerprint, "
                + "remove the old line (ssh-keygen -R '[login1]:2222' -f " + file + ") and add the new key.");
        assertThat(e.host()).isEqualTo(HOST);
        assertThat(e.keyType()).isEqualTo("ssh-ed25519");
        assertThat(e.fingerprint()).isEqualTo(FP_B);
        assertThat(e.trustedKeys()).isEqualTo(file.toString());
    }

    @Test
    void anUnknownHostIsRefusedWithHowToAddIt() throws IOException {
        Path file = tmp.resolve("missing/known_hosts");
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.knownHosts(file), "login1", 2222);
        assertThat(v.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.NOT_INCLUDED);
        assertThat(v.rejection(new JSchException("reject HostKey")).getMessage())
                .isEqualTo("host key of [login1]:2222 rejected: it offered the ssh-ed25519 key " + FP_A + ", which is "
                        + "not in known_hosts file " + file + " (the file does not exist). If this is the right host, "
                        + "add its key to that file (for example with ssh-keyscan -p 2222 login1 >> " + file + ") "
                        + "after comparing the fingerprint with the one the cluster's administrators publish, or pin "
                        + "the fingerprint.");
    }

    @Test
    void aHostKnownOnlyByAnotherKeyTypeIsRefusedAndTheMessageSaysSo() throws IOException {
        Path file = write("known_hosts", HOST + " ssh-rsa " + RSA + "\n");
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.knownHosts(file), "login1", 2222);
        assertThat(v.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.NOT_INCLUDED);
        assertThat(v.rejection(new JSchException("x")).getMessage()).contains("(it holds only ssh-rsa keys for this host)");
    }

    @Test
    void aPinnedFingerprintAcceptsOnlyThatKey() throws IOException {
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.pinned(FP_A), "login1", 22);
        assertThat(v.check("login1", blob(KEY_A))).isEqualTo(HostKeyRepository.OK);
        assertThat(v.check("login1", blob(KEY_B))).isEqualTo(HostKeyRepository.CHANGED);
        HostKeyRejectedException e = v.rejection(new JSchException("x"));
        assertThat(e.getMessage()).startsWith("host key of login1 rejected: it offered the ssh-ed25519 key " + FP_B
                + ", but the pinned fingerprint is " + FP_A + ".");
        assertThat(e.trustedKeys()).isEqualTo("pinned fingerprint");
        assertThat(v.getHostKey("login1", null)).isEmpty();
    }

    @Test
    void acceptFirstPinsTheFirstKeyIntoANewFileAndIsStrictAfterwards() throws IOException {
        Path file = tmp.resolve("new/dir/known_hosts");
        HostKeyPolicy policy = HostKeyPolicy.acceptFirstAndPin(file);
        assertThat(HostKeyVerifier.forPolicy(policy, "login1", 2222).check(HOST, blob(KEY_A)))
                .isEqualTo(HostKeyRepository.OK);
        assertThat(Files.readString(file)).isEqualTo(HOST + " ssh-ed25519 " + KEY_A + "\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");

        HostKeyVerifier again = HostKeyVerifier.forPolicy(policy, "login1", 2222);
        assertThat(again.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.OK);
        assertThat(again.check(HOST, blob(KEY_B))).isEqualTo(HostKeyRepository.CHANGED);
        assertThat(Files.readAllLines(file)).hasSize(1);
    }

    @Test
    void acceptFirstAppendsToAnExistingFileKeepingItsLinesAndMode() throws IOException {
        Path file = write("known_hosts", "other ssh-ed25519 " + KEY_B); // no final newline
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.acceptFirstAndPin(file), "login1", 2222);
        assertThat(v.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.OK);
        assertThat(Files.readAllLines(file)).containsExactly("other ssh-ed25519 " + KEY_B, HOST + " ssh-ed25519 " + KEY_A);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.list(tmp)).containsExactly(file);
    }

    @Test
    void acceptFirstDoesNotPinANewKeyTypeForAHostItAlreadyKnows() throws IOException {
        Path file = write("known_hosts", HOST + " ssh-rsa " + RSA + "\n");
        HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.acceptFirstAndPin(file), "login1", 2222);
        assertThat(v.check(HOST, blob(KEY_A))).isEqualTo(HostKeyRepository.NOT_INCLUDED);
        assertThat(Files.readAllLines(file)).containsExactly(HOST + " ssh-rsa " + RSA);
    }

    @Test
    void noVerificationAcceptsAnyKeyAndWarnsEachTime() throws IOException {
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(HostKeyVerifier.class.getName());
        logger.addHandler(handler);
        try {
            HostKeyVerifier v = HostKeyVerifier.forPolicy(HostKeyPolicy.noVerification(), "login1", 22);
            assertThat(v.check("login1", blob(KEY_A))).isEqualTo(HostKeyRepository.OK);
            assertThat(v.check("login1", blob(KEY_B))).isEqualTo(HostKeyRepository.OK);
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).getMessage()).startsWith("host key verification is OFF for login1 (it offered "
                + "ssh-ed25519 " + FP_A + ")");
    }

    private Path write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file;
    }
}
