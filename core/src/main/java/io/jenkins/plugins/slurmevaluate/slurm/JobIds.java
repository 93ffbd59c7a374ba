package io.jenkins.plugins.slurmevaluate.slurm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Job id syntax. Ids are validated before they reach a command line: an id such as {@code -u} would otherwise be
 * read as an option by scancel or sacct.
 */
final class JobIds {

    /** {@code 123}, an array task {@code 123_4} or pending range {@code 123_[1-3%2]}, a het component {@code 123+0}. */
    private static final Pattern ID = Pattern.compile("[0-9]+(_([0-9]+|\\[[0-9,%-]+\\]))?(\\+[0-9]+)?");

    private JobIds() {}

    /** The ids in their order, without duplicates. */
    static List<String> validate(Collection<String> ids) {
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a Slurm job id: '" + id
                        + "' (expected digits, optionally with _<task>, _[<range>] or +<component>)");
            }
            unique.add(id);
        }
        return new ArrayList<>(unique);
    }

    static boolean isValid(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** The leading number: {@code 123} for {@code 123}, {@code 123_4}, {@code 123_[1-3]} and {@code 123+0}. */
    static String base(String id) {
        int end = 0;
        while (end < id.length() && Character.isDigit(id.charAt(end))) {
            end++;
        }
        return id.substring(0, end);
    }
}
