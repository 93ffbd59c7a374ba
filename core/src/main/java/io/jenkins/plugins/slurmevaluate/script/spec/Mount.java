package io.jenkins.plugins.slurmevaluate.script.spec;

import java.util.Optional;

/**
 * One Pyxis bind mount, {@code source:target[:options]}: a directory (or file) of the cluster seen at
 * {@code target} inside the container.
 *
 * @param source absolute path on the cluster
 * @param target absolute path inside the container
 * @param options Pyxis mount flags such as {@code ro}
 */
public record Mount(String source, String target, Optional<String> options) {

    public Mount {
        Checks.mountPath("mount source", source);
        Checks.mountPath("mount target", target);
        if (options.isPresent() && !options.get().matches("[A-Za-z0-9+_-]+")) {
            throw new IllegalArgumentException("mount options of " + source + " must be Pyxis flags such as ro: "
                    + Checks.printable(options.get()));
        }
    }

    public static Mount of(String source, String target) {
        return new Mount(source, target, Optional.empty());
    }

    public static Mount readOnly(String source, String target) {
        return new Mount(source, target, Optional.of("ro"));
    }

    /** The entry as it appears in {@code --container-mounts}. */
    public String spec() {
        return source + ":" + target + options.map(o -> ":" + o).orElse("");
    }
}
