package io.jenkins.plugins.slurmevaluate.config.suggest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {

    private static final List<String> KEYS = List.of("walltime", "max_walltime", "num_nodes", "num_instances",
            "tensor_parallel_size", "gres");

    @Test
    void typosFindTheIntendedKey() {
        assertThat(DidYouMean.closest("wallltime", KEYS)).contains("walltime");
        assertThat(DidYouMean.closest("num_node", KEYS)).contains("num_nodes");
        assertThat(DidYouMean.closest("tensor_paralel_size", KEYS)).contains("tensor_parallel_size");
        assertThat(DidYouMean.closest("num-nodes", KEYS)).contains("num_nodes");
    }

    @Test
    void unrelatedNamesGetNoSuggestion() {
        assertThat(DidYouMean.closest("partition", KEYS)).isEmpty();
        assertThat(DidYouMean.closest("gpu", KEYS)).isEmpty();
        assertThat(DidYouMean.hint("zzz", KEYS)).isEmpty();
    }

    @Test
    void aKeyAddedOnPurposeIsPointedToTheKeyItExtends() {
        List<String> keys = List.of("data_parallel_size", "tensor_parallel_size", "extra_args");
        assertThat(DidYouMean.nearestHint("data_parallel_size_local", keys)).isEqualTo("; nearest known key: 'data_parallel_size'");
        assertThat(DidYouMean.nearestHint("tensor_paralel_size", keys)).isEqualTo("; did you mean 'tensor_parallel_size'?");
        assertThat(DidYouMean.nearestHint("zzz", keys)).isEmpty();
    }

    @Test
    void distanceIsLevenshtein() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
    }
}
