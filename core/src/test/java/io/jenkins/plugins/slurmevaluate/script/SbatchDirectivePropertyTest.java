package io.jenkins.plugins.slurmevaluate.script;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.slurmevaluate.layout.TaskLayout;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader;
import io.jenkins.plugins.slurmevaluate.script.spec.SbatchHeader.Flag;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@code #SBATCH} values read back as written by sbatch's directive splitter. {@link #sbatchWords} is that splitter
 * as observed on Slurm 22.05 (test bed, see SbatchHeaderRenderer); ChainOnTestbedIT checks real sbatch.
 */
class SbatchDirectivePropertyTest {

    /**
     * The words sbatch reads from the text after {@code #SBATCH}: whitespace separates words outside quotes; ' and
     * " group; a backslash takes the next character literally, inside quotes too; an unquoted # ends the line.
     */
    static List<String> sbatchWords(String line) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < line.length() && Character.isWhitespace(line.charAt(i)) && line.charAt(i) < 128) {
                i++;
            }
            if (i >= line.length()) {
                return words;
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            boolean escaped = false;
            for (; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quote == 0 && !escaped && c < 128 && Character.isWhitespace(c)) {
                    break;
                } else if (escaped) {
                    word.append(c);
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (quote == 0 && c == '#') {
                    words.add(word.toString());
                    return words;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            }
            words.add(word.toString());
        }
    }

    @Example
    void theSplitterBehavesAsObservedOnTheTestBed() {
        assertThat(sbatchWords("--comment='it'\\''s a \"test\"'")).containsExactly("--comment=it's a \"test\"");
        assertThat(sbatchWords("--comment='a\\b'")).containsExactly("--comment=ab");
        assertThat(sbatchWords("--comment=a#b")).containsExactly("--comment=a");
        assertThat(sbatchWords("--comment=plain words")).containsExactly("--comment=plain", "words");
    }

    @Provide
    Arbitrary<String> oneLineValues() {
        Arbitrary<String> fragments = Arbitraries.of("'", "\"", "\\", "#", " ", "\t", "$", "`", "%A", "'\\''", "\\\\",
                "!", ";", "é", "🚀", "=", "--x");
        Arbitrary<String> printable = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(5);
        return Arbitraries.oneOf(fragments, printable).list().ofMaxSize(8).map(p -> String.join("", p))
                .filter(s -> !s.isBlank()); // an account or job name cannot be blank
    }

    @Property(tries = 500)
    void everyOneLineValueReadsBackAsWritten(@ForAll("oneLineValues") String value) {
        SbatchHeader header = SbatchHeader.builder().time("1:00").account(value).partition("p").comment(value)
                .flag(Flag.of("constraint", value)).jobName(value).build();
        String rendered = SbatchHeaderRenderer.render(header, TaskLayout.of("/o", "run", "t", 0));
        for (String line : rendered.lines().filter(l -> l.startsWith("#SBATCH ")).toList()) {
            List<String> words = sbatchWords(line.substring("#SBATCH ".length()));
            assertThat(words).as(line).hasSize(1);
            String word = words.get(0);
            if (word.startsWith("--comment=") || word.startsWith("--constraint=") || word.startsWith("--job-name=")
                    || word.startsWith("--account=")) {
                assertThat(word.substring(word.indexOf('=') + 1)).as(line).isEqualTo(value);
            }
        }
    }
}
