package io.jenkins.plugins.slurmevaluate.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.slurmevaluate.config.tree.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvValueTest {

    private static EnvValue parse(String raw) {
        return EnvValue.parse(raw, "env_vars.X", Origin.file("eval.yaml", 3, 6));
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @CsvSource({
        "host:HF_TOKEN, HOST, HF_TOKEN",
        "$host:HF_TOKEN, HOST, HF_TOKEN",
        "lit:/root/.cache, LITERAL, /root/.cache",
        "$lit:x, LITERAL, x",
        "runtime:SLURM_JOB_ID, RUNTIME, SLURM_JOB_ID",
        "$runtime:SLURM_JOB_ID, RUNTIME, SLURM_JOB_ID",
        "'lit:a b: c $d `e`', LITERAL, 'a b: c $d `e`'",
    })
    void prefixedValuesAreParsed(String raw, EnvValue.Kind kind, String text) {
        EnvValue v = parse(raw);
        assertThat(v.kind()).isEqualTo(kind);
        assertThat(v.text()).isEqualTo(text);
    }

    @Test
    void anEmptyLiteralIsAllowed() {
        assertThat(parse("lit:").text()).isEmpty();
    }

    @ParameterizedTest(name = "{0} suggests {1}")
    @CsvSource({
        "HF_TOKEN, host:HF_TOKEN",
        "$HF_TOKEN, host:HF_TOKEN",
        "/root/.cache, lit:/root/.cache",
        "1, lit:1",
        "hello world, lit:hello world",
    })
    void unprefixedValuesAreRefusedWithTheSpellingToUse(String raw, String suggestion) {
        assertThatThrownBy(() -> parse(raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an explicit prefix; write '" + suggestion + "'");
    }

    @Test
    void ocEnvIsRefusedBecauseItWouldCopyTheSecretIntoTheConfig() {
        assertThatThrownBy(() -> parse("${oc.env:HF_TOKEN}")).hasMessageContaining("write 'host:HF_TOKEN' instead");
        assertThatThrownBy(() -> parse("${oc.decode:abc}")).hasMessageContaining("not allowed in env_vars");
    }

    @Test
    void otherInterpolationsAreRefusedToo() {
        assertThatThrownBy(() -> parse("lit:${deployment.port}")).hasMessageContaining("interpolation is not applied");
    }

    @Test
    void hostAndRuntimeNeedAVariableName() {
        assertThatThrownBy(() -> parse("host:")).hasMessageContaining("needs a variable name");
        assertThatThrownBy(() -> parse("runtime:1X")).hasMessageContaining("needs a variable name");
        assertThatThrownBy(() -> parse("host:A-B")).hasMessageContaining("needs a variable name");
    }

    @Test
    void specSpellsTheValueTheCanonicalWay() {
        assertThat(parse("$host:HF_TOKEN").spec()).isEqualTo("host:HF_TOKEN");
    }
}
