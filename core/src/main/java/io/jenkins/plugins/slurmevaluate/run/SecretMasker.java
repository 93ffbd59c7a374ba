package io.jenkins.plugins.slurmevaluate.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces secret values in text with {@code ****}, like Jenkins' credentials masking. Output is handled line by
 * line, so a secret that contains line breaks is masked fragment by fragment; fragments shorter than
 * {@link #MIN_FRAGMENT} characters are left alone, or every single letter of the log could vanish.
 */
final class SecretMasker {

    static final int MIN_FRAGMENT = 3;
    static final String MASK = "****";

    private final Pattern pattern;

    private SecretMasker(Pattern pattern) {
        this.pattern = pattern;
    }

    static SecretMasker of(Collection<String> secrets) {
        Set<String> fragments = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (secret == null) {
                continue;
            }
            for (String f : secret.split("\r?\n|\r", -1)) {
                if (f.length() >= MIN_FRAGMENT) {
                    fragments.add(f);
                }
            }
        }
        if (fragments.isEmpty()) {
            return new SecretMasker(null);
        }
        // longest first, so a secret that contains another one is masked whole
        List<String> sorted = new ArrayList<>(fragments);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder alternation = new StringBuilder();
        for (String f : sorted) {
            alternation.append(alternation.length() == 0 ? "" : "|").append(Pattern.quote(f));
        }
        return new SecretMasker(Pattern.compile(alternation.toString()));
    }

    String mask(String line) {
        if (pattern == null || line.isEmpty()) {
            return line;
        }
        return pattern.matcher(line).replaceAll(Matcher.quoteReplacement(MASK));
    }
}
